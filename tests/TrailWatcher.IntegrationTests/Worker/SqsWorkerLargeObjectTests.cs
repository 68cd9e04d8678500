using System.Diagnostics;
using TrailWatcher.IntegrationTests.Support;
using Xunit;

namespace TrailWatcher.IntegrationTests.Worker;

/// <summary>
/// The worker on a ~100 MB log read over a slow link: streaming, visibility extension, a crash mid-file and a
/// graceful stop mid-file. The link is paced so that reading the object takes about <see cref="ReadTime"/>.
/// </summary>
/// <remarks>
/// "Mid-file" is judged by the bytes the link has carried, not by a first alert: the worker hands candidate
/// records on in batches, so with a handful of matches in 100 MB every alert of the object is written at its end.
/// </remarks>
[Collection(AwsEmulatorCollection.Name)]
public sealed class SqsWorkerLargeObjectTests(AwsEmulatorFixture emulator)
{
    // Long enough to outlast a 5 s visibility timeout and to act between the first and the last alert;
    // short enough that the three tests together stay well under a minute of reading.
    private static readonly TimeSpan ReadTime = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan AlertTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Worker_LargeObject_IsStreamedAndAlerted()
    {
        await using var harness = await WorkerHarness.CreateAsync(emulator);
        var (queues, link, _) = await QueueLargeObjectAsync(harness, "large");
        var alertFile = harness.AlertFilePath("alerts");
        const int visibilityTimeoutSeconds = 5;

        var clock = Stopwatch.StartNew();
        var worker = harness.StartWorker(harness.Settings(queues.QueueUrl, alertFile, link.Url) with
        {
            MaxMessages = 1,
            VisibilityTimeoutSeconds = visibilityTimeoutSeconds,
        });

        Assert.True(
            await AlertFile.WaitForEventIdsAsync(alertFile, LargeTrailObject.PlantedEventIds, AlertTimeout, () => worker.HasExited),
            $"Got [{string.Join(", ", AlertFile.EventIds(alertFile))}].\n{harness.WorkerLogs()}");
        var processing = clock.Elapsed;
        var depth = await QueueProbe.WaitForDepthAsync(harness.Sqs, queues.QueueUrl, d => d.Total == 0, DrainTimeout);

        // Without this the test would pass for a worker that never extends visibility.
        Assert.True(processing > TimeSpan.FromSeconds(visibilityTimeoutSeconds), $"The object was processed in {processing}, within the visibility timeout.");
        Assert.True(depth.Total == 0, $"The queue still holds {depth}.\n{harness.WorkerLogs()}");
        Assert.Equal(0, (await QueueProbe.DepthAsync(harness.Sqs, queues.DeadLetterQueueUrl)).Total);
        // A missed extension would have let the message come back and be read a second time.
        Assert.Equal(LargeTrailObject.PlantedEventIds.Order(StringComparer.Ordinal), AlertFile.EventIds(alertFile).Order(StringComparer.Ordinal));
        Assert.Equal(0, await WorkerHarness.StopAsync(worker, ExitTimeout));
    }

    [Fact]
    public async Task Worker_KilledMidFileAndRestarted_LosesNoAlert()
    {
        await using var harness = await WorkerHarness.CreateAsync(emulator);
        var (queues, link, size) = await QueueLargeObjectAsync(harness, "killed");
        var alertFile = harness.AlertFilePath("alerts");
        var settings = harness.Settings(queues.QueueUrl, alertFile, link.Url) with { MaxMessages = 1, VisibilityTimeoutSeconds = 5 };

        var first = harness.StartWorker(settings);
        Assert.True(await link.WaitForBytesToClientsAsync(size * 4 / 10, AlertTimeout, () => first.HasExited), $"The worker did not get 40% into the object.\n{harness.WorkerLogs()}");
        first.KillHard();

        Assert.DoesNotContain(LargeTrailObject.EndEventId, AlertFile.EventIds(alertFile));
        var afterCrash = await QueueProbe.DepthAsync(harness.Sqs, queues.QueueUrl);
        Assert.True(afterCrash.Total == 1, $"After the crash the queue holds {afterCrash}: the message was deleted before its object was read.");

        // Same settings, same alert file: the replacement gets the message once its visibility lapses and reads the file again.
        var second = harness.StartWorker(settings);
        Assert.True(
            await AlertFile.WaitForEventIdsAsync(alertFile, LargeTrailObject.PlantedEventIds, AlertTimeout, () => second.HasExited),
            $"Got [{string.Join(", ", AlertFile.EventIds(alertFile))}].\n{harness.WorkerLogs()}");
        var depth = await QueueProbe.WaitForDepthAsync(harness.Sqs, queues.QueueUrl, d => d.Total == 0, DrainTimeout);
        Assert.True(depth.Total == 0, $"The queue still holds {depth}.\n{harness.WorkerLogs()}");

        // Repeats are the price of at-least-once; they must carry the same alert id so consumers can drop them.
        var alerts = AlertFile.Read(alertFile);
        Assert.Equal(LargeTrailObject.PlantedEventIds.Order(StringComparer.Ordinal), alerts.Select(a => a.EventId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        Assert.All(alerts.GroupBy(a => a.EventId, StringComparer.Ordinal), g => Assert.Single(g.Select(a => a.Id).Distinct(StringComparer.Ordinal)));
        Assert.Equal(0, await WorkerHarness.StopAsync(second, ExitTimeout));
    }

    [Fact]
    public async Task Worker_Sigterm_FinishesOrReleasesInFlightWork()
    {
        await using var harness = await WorkerHarness.CreateAsync(emulator);
        var (queues, link, size) = await QueueLargeObjectAsync(harness, "sigterm");
        var alertFile = harness.AlertFilePath("alerts");
        const int graceSeconds = 2;
        // Far longer than the test: if the message is visible right after the stop, the worker released it.
        var worker = harness.StartWorker(harness.Settings(queues.QueueUrl, alertFile, link.Url) with
        {
            MaxMessages = 1,
            VisibilityTimeoutSeconds = 60,
            ShutdownGraceSeconds = graceSeconds,
        });
        Assert.True(await link.WaitForBytesToClientsAsync(size * 3 / 10, AlertTimeout, () => worker.HasExited), $"The worker did not get 30% into the object.\n{harness.WorkerLogs()}");

        var stopping = Stopwatch.StartNew();
        var code = await WorkerHarness.StopAsync(worker, TimeSpan.FromSeconds(graceSeconds + 20));
        var stopTime = stopping.Elapsed;
        var afterStop = await QueueProbe.DepthAsync(harness.Sqs, queues.QueueUrl);

        Assert.Equal(0, code);
        Assert.True(stopTime < TimeSpan.FromSeconds(graceSeconds + 8), $"Stopping took {stopTime} with a {graceSeconds} s grace.\n{worker.StandardError}");
        // The slow link leaves most of the object unread when the grace runs out, so this is the release path.
        Assert.DoesNotContain(LargeTrailObject.EndEventId, AlertFile.EventIds(alertFile));
        Assert.True(afterStop is { Visible: 1, InFlight: 0 }, $"Right after the stop the queue holds {afterStop}; the unfinished message should be visible again.\n{worker.StandardError}");
        var released = Assert.Single(await QueueProbe.TakeAsync(harness.Sqs, [queues.QueueUrl], 1, TimeSpan.FromSeconds(3)));
        Assert.Contains("large-", released.Body, StringComparison.Ordinal);
    }

    /// <summary>Puts the large object, queues its notification and opens a link slow enough to make reading it take <see cref="ReadTime"/>.</summary>
    private static async Task<(QueuePair Queues, ThrottlingProxy Link, long Size)> QueueLargeObjectAsync(WorkerHarness harness, string prefix)
    {
        var queues = await QueuePair.CreateAsync(harness.Emulator, prefix, maxReceiveCount: 5);
        var key = CloudTrailKeys.Log("large-" + prefix);
        var size = await harness.PutObjectAsync(key, LargeTrailObject.Gzip);
        await harness.SendAsync(queues.QueueUrl, Notifications.S3ObjectCreated(harness.Bucket, key, size));
        return (queues, harness.SlowLinkFor(size, ReadTime), size);
    }
}
