using TrailWatcher.IntegrationTests.Support;
using Xunit;

namespace TrailWatcher.IntegrationTests.Worker;

/// <summary>Several workers on one queue (competing consumers), as replicas scaled on queue depth run.</summary>
[Collection(AwsEmulatorCollection.Name)]
public sealed class SqsWorkerScaleOutTests(AwsEmulatorFixture emulator)
{
    private const int FileCount = 50;
    private static readonly TimeSpan AlertTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Worker_TwoWorkersOneQueue_ShareTheWorkAndAlertOnce()
    {
        await using var harness = await WorkerHarness.CreateAsync(emulator);
        var queues = await QueuePair.CreateAsync(emulator, "scale", maxReceiveCount: 5);
        var expected = Enumerable.Range(0, FileCount).Select(i => $"scale-{i:D2}").ToList();
        var notifications = new List<string>();
        foreach (var eventId in expected)
        {
            var key = CloudTrailKeys.Log(eventId);
            var size = await harness.PutLogAsync(key, SeedEvents.Background("bg-" + eventId), SeedEvents.LoggingDisabled(eventId));
            notifications.Add(Notifications.S3ObjectCreated(harness.Bucket, key, size));
        }

        var alertFiles = new[] { harness.AlertFilePath("alerts-a"), harness.AlertFilePath("alerts-b") };
        // A visibility timeout far above the processing time: any repeat would be the workers' doing, not SQS's.
        var workers = alertFiles
            .Select(f => harness.StartWorker(harness.Settings(queues.QueueUrl, f) with { MaxMessages = 5, VisibilityTimeoutSeconds = 60 }))
            .ToList();
        // Both must be polling before the work arrives, and it arrives over a few seconds rather than at once,
        // or whichever started first could take all of it. A fixed wait was not enough on a busy machine: a worker
        // starts polling only after its rule pack is loaded, so wait for each one to say it is receiving.
        foreach (var worker in workers)
        {
            Assert.True(
                await worker.WaitForErrorOutputAsync("Receiving CloudTrail notifications from", StartTimeout),
                $"A worker did not start polling within {StartTimeout}.\n{harness.WorkerLogs()}");
        }

        // The line is logged just before the first receive, whose client still has to warm up.
        await Task.Delay(TimeSpan.FromSeconds(1));
        foreach (var batch in notifications.Chunk(5))
        {
            foreach (var body in batch)
            {
                await harness.SendAsync(queues.QueueUrl, body);
            }

            await Task.Delay(250);
        }

        Assert.True(
            await AlertFile.WaitForEventIdsAsync(alertFiles, expected, AlertTimeout, () => workers.All(w => w.HasExited)),
            $"Got {alertFiles.Sum(f => AlertFile.EventIds(f).Count)} of {FileCount} alerts.\n{harness.WorkerLogs()}");
        var depth = await QueueProbe.WaitForDepthAsync(harness.Sqs, queues.QueueUrl, d => d.Total == 0, TimeSpan.FromSeconds(30));
        Assert.True(depth.Total == 0, $"The queue still holds {depth}.\n{harness.WorkerLogs()}");
        foreach (var worker in workers)
        {
            Assert.Equal(0, await WorkerHarness.StopAsync(worker, ExitTimeout));
        }

        var perWorker = alertFiles.Select(AlertFile.EventIds).ToList();
        Assert.Equal(expected, perWorker.SelectMany(ids => ids).Order(StringComparer.Ordinal));
        Assert.All(perWorker, ids => Assert.NotEmpty(ids));
    }
}
