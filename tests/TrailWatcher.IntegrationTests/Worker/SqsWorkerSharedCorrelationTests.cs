using System.Diagnostics;
using System.Text.Json.Nodes;
using TrailWatcher.IntegrationTests.Support;
using Xunit;

namespace TrailWatcher.IntegrationTests.Worker;

/// <summary>Replicas on one queue sharing correlation state through Redis: a correlation built from events different workers read.</summary>
[Collection(AwsEmulatorCollection.Name)]
public sealed class SqsWorkerSharedCorrelationTests(AwsEmulatorFixture emulator)
{
    private const string CorrelationId = "TrailWatcher.Correlation.S3.BucketProtectionsDisabled";
    private static readonly TimeSpan AlertTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Workers_SharingRedis_OneKilledMidway_RaiseTheCorrelationOnceWithEveryEvent()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var harness = await WorkerHarness.CreateAsync(emulator);
        var queues = await QueuePair.CreateAsync(emulator, "shared-corr", maxReceiveCount: 5);
        var prefix = $"tw-{Guid.NewGuid():N}:";
        WorkerSettings Settings(string alerts) => harness.Settings(queues.QueueUrl, harness.AlertFilePath(alerts)) with
        {
            MaxMessages = 1,
            // A receive the killed worker left waiting can still be handed the next message, which then stays hidden
            // for this long: well inside the alert timeout, so a live worker gets it when it comes back.
            VisibilityTimeoutSeconds = 10,
            Extra = new Dictionary<string, string>
            {
                ["TrailWatcher__Dedup__Redis"] = redis.ConnectionString,
                ["TrailWatcher__Dedup__KeyPrefix"] = prefix,
                ["TrailWatcher__Correlation__AllowedLatenessMinutes"] = "5",
            },
        };

        var files = new[] { "a", "b", "c" }.Select(harness.AlertFilePath).ToArray();
        var workers = new List<TrailWatcherProcess> { harness.StartWorker(Settings("a")), harness.StartWorker(Settings("b")) };
        await WaitPollingAsync(harness, workers);

        // One protection of the bucket goes; decoys: the same principal suspends versioning on another bucket, and a
        // denied attempt on this one.
        await PutAndSendAsync(harness, queues.QueueUrl, "logging-off", SeedEvents.At(SeedEvents.LoggingDisabled("l-x"), "2024-01-15T10:00:00Z"));
        await PutAndSendAsync(harness, queues.QueueUrl, "other-bucket", SeedEvents.At(SeedEvents.VersioningSuspended("v-y", "other-bucket"), "2024-01-15T10:01:00Z"));
        await PutAndSendAsync(harness, queues.QueueUrl, "denied", SeedEvents.At(SeedEvents.LoggingDisableDenied("d-x"), "2024-01-15T10:02:00Z"));
        Assert.True(await WaitForAsync(() => Lines(files).Any(l => l.EventId == "l-x") && Lines(files).Any(l => l.EventId == "v-y")), $"The single-event alerts did not appear.\n{harness.WorkerLogs()}");

        // The worker that read the first protection's record, and held it in memory, dies; a replacement joins.
        var holder = files[..2].Select(AlertFile.ReadAll).ToList().FindIndex(lines => lines.Any(l => l.EventId == "l-x"));
        workers[holder].KillHard();
        workers.Add(harness.StartWorker(Settings("c")));
        await WaitPollingAsync(harness, [workers[2]]);

        // The second protection, then a record an hour later that moves the event time past the window's lateness.
        await PutAndSendAsync(harness, queues.QueueUrl, "versioning-off", SeedEvents.At(SeedEvents.VersioningSuspended("v-x"), "2024-01-15T10:05:00Z"));
        Assert.True(await WaitForAsync(() => Lines(files).Any(l => l.EventId == "v-x")), $"The versioning alert did not appear.\n{harness.WorkerLogs()}");
        await PutAndSendAsync(harness, queues.QueueUrl, "later", SeedEvents.At(SeedEvents.Background("later"), "2024-01-15T11:05:00Z"));
        Assert.True(await WaitForAsync(() => Correlations(files).Count > 0), $"No correlation alert.\n{harness.WorkerLogs()}");

        // Every live worker decides the same window: time for a second one to deliver it, were the lease not there.
        await Task.Delay(TimeSpan.FromSeconds(3));
        foreach (var worker in workers.Where(w => !w.HasExited))
        {
            Assert.Equal(0, await WorkerHarness.StopAsync(worker, ExitTimeout));
        }

        var correlation = Assert.Single(Correlations(files));
        Assert.Equal(["l-x", "v-x"], correlation.EventIds);
        Assert.DoesNotContain(AlertFile.ReadAll(files[holder]), l => l.RuleId == CorrelationId);
    }

    private static List<AlertLine> Lines(string[] files) => [.. files.SelectMany(AlertFile.ReadAll)];

    private static List<AlertLine> Correlations(string[] files) => [.. Lines(files).Where(l => l.RuleId == CorrelationId)];

    private static async Task PutAndSendAsync(WorkerHarness harness, string queueUrl, string name, JsonObject record)
    {
        var key = CloudTrailKeys.Log(name);
        var size = await harness.PutLogAsync(key, record);
        await harness.SendAsync(queueUrl, Notifications.S3ObjectCreated(harness.Bucket, key, size));
    }

    private static async Task WaitPollingAsync(WorkerHarness harness, IEnumerable<TrailWatcherProcess> workers)
    {
        foreach (var worker in workers)
        {
            Assert.True(
                await worker.WaitForErrorOutputAsync("Receiving CloudTrail notifications from", StartTimeout),
                $"A worker did not start polling within {StartTimeout}.\n{harness.WorkerLogs()}");
        }
    }

    private static async Task<bool> WaitForAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed >= AlertTimeout)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }
}
