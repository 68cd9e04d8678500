using System.Text.Json.Nodes;
using TrailWatcher.IntegrationTests.Support;
using Xunit;

namespace TrailWatcher.IntegrationTests.Worker;

/// <summary>Object bodies cut by a connection reset midway: the worker continues each with a ranged GET instead of starting the message over.</summary>
[Collection(AwsEmulatorCollection.Name)]
public sealed class SqsWorkerS3ResumptionTests(AwsEmulatorFixture emulator)
{
    private const int ObjectCount = 3;
    private static readonly TimeSpan AlertTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Worker_BodiesResetMidway_ReadsEachObjectOnceAndAlertsOnce()
    {
        await using var harness = await WorkerHarness.CreateAsync(emulator);
        var queues = await QueuePair.CreateAsync(emulator, "resume", maxReceiveCount: 5);
        // The first GET of every object is cut halfway; the ranged GETs that continue them pass.
        using var proxy = new FaultProxy(emulator.ServiceUrl, get => get.Range is null && get.EarlierGetsOfPath == 0 ? ProxyFault.Reset : ProxyFault.None, TimeSpan.Zero);
        var expected = new List<string>();
        for (var i = 0; i < ObjectCount; i++)
        {
            var first = $"resume-{i}-first";
            var last = $"resume-{i}-last";
            expected.AddRange([first, last]);
            JsonNode[] records = [SeedEvents.LoggingDisabled(first), .. Enumerable.Range(0, 2_000).Select(n => SeedEvents.Background($"bg-{i}-{n}")), SeedEvents.LoggingDisabled(last)];
            var key = CloudTrailKeys.Log($"resume-{i}");
            var size = await harness.PutLogAsync(key, records);
            await harness.SendAsync(queues.QueueUrl, Notifications.S3ObjectCreated(harness.Bucket, key, size));
        }

        var alertFile = harness.AlertFilePath("alerts");
        var worker = harness.StartWorker(harness.Settings(queues.QueueUrl, alertFile, proxy.Url) with { VisibilityTimeoutSeconds = 30 });

        Assert.True(
            await AlertFile.WaitForEventIdsAsync(alertFile, expected, AlertTimeout, () => worker.HasExited),
            $"Got [{string.Join(", ", AlertFile.EventIds(alertFile))}].\n{harness.WorkerLogs()}");
        var depth = await QueueProbe.WaitForDepthAsync(harness.Sqs, queues.QueueUrl, d => d.Total == 0, TimeSpan.FromSeconds(30));
        var resumptions = await MetricsPage.SumAsync(await worker.EndpointAsync(ExitTimeout), "trailwatcher_s3_resumptions_total");
        Assert.Equal(0, await WorkerHarness.StopAsync(worker, ExitTimeout));

        Assert.True(depth.Total == 0, $"The queue still holds {depth}.\n{harness.WorkerLogs()}");
        // Once each: a message started over would have read the first records again and alerted on them twice.
        Assert.Equal(expected.Order(StringComparer.Ordinal), AlertFile.EventIds(alertFile).Order(StringComparer.Ordinal));
        Assert.Equal(ObjectCount, proxy.Count(ProxyFault.Reset));
        Assert.All(proxy.Gets.GroupBy(g => g.Path), gets =>
        {
            Assert.Single(gets, g => g.Range is null);
            Assert.All(gets.Where(g => g.Range is not null), g => Assert.Matches(@"^bytes=[1-9]\d*-\d+$", g.Range));
        });
        Assert.Equal(ObjectCount, resumptions);
    }
}
