using TrailWatcher.IntegrationTests.Support;
using Xunit;

namespace TrailWatcher.IntegrationTests.Worker;

/// <summary>The worker against every notification shape it may find on a queue, and against poison and broken ones.</summary>
[Collection(AwsEmulatorCollection.Name)]
public sealed class SqsWorkerNotificationTests(AwsEmulatorFixture emulator)
{
    private static readonly TimeSpan AlertTimeout = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Worker_EveryNotificationFormat_ProducesExactlyTheExpectedAlertsAndEmptiesTheQueue()
    {
        await using var harness = await WorkerHarness.CreateAsync(emulator);
        var queues = await QueuePair.CreateAsync(emulator, "formats", maxReceiveCount: 3);
        var queueArn = await emulator.GetQueueArnAsync(queues.QueueUrl);
        var envelopeTopic = await emulator.CreateTopicAsync(AwsEmulatorFixture.UniqueName("envelope"));
        await emulator.SubscribeQueueAsync(envelopeTopic, queueArn, rawDelivery: false);
        var rawTopic = await emulator.CreateTopicAsync(AwsEmulatorFixture.UniqueName("raw"));
        await emulator.SubscribeQueueAsync(rawTopic, queueArn, rawDelivery: true);
        var bucket = harness.Bucket;
        var expectedKeys = new Dictionary<string, string>(StringComparer.Ordinal);
        async Task<(string Key, long Size)> PutHitAsync(string suffix, string eventId)
        {
            var key = CloudTrailKeys.Log(suffix);
            expectedKeys[eventId] = key;
            return (key, await harness.PutLogAsync(key, SeedEvents.Background($"bg-{suffix}"), SeedEvents.LoggingDisabled(eventId)));
        }

        // S3 event straight to the queue, under a key whose URL-encoded form differs (space, '+', '='),
        // in a file that also holds decoys: a denied call and logging switched on must not alert.
        var awkwardKey = CloudTrailKeys.Log("a b+c=d");
        expectedKeys["fmt-s3-direct"] = awkwardKey;
        var awkwardSize = await harness.PutLogAsync(
            awkwardKey,
            SeedEvents.Background("bg-direct"),
            SeedEvents.LoggingDisableDenied("decoy-denied"),
            SeedEvents.LoggingDisabled("fmt-s3-direct"),
            SeedEvents.LoggingEnabled("decoy-enabled"));
        await harness.SendAsync(queues.QueueUrl, Notifications.S3ObjectCreated(bucket, awkwardKey, awkwardSize));

        var (envelopeKey, envelopeSize) = await PutHitAsync("sns-envelope", "fmt-sns-envelope");
        await emulator.PublishToSnsAsync(envelopeTopic, Notifications.S3ObjectCreated(bucket, envelopeKey, envelopeSize), subject: "Amazon S3 Notification");
        var (rawKey, rawSize) = await PutHitAsync("sns-raw", "fmt-sns-raw");
        await emulator.PublishToSnsAsync(rawTopic, Notifications.S3ObjectCreated(bucket, rawKey, rawSize));
        var (eventBridgeKey, eventBridgeSize) = await PutHitAsync("eventbridge", "fmt-eventbridge");
        await harness.SendAsync(queues.QueueUrl, Notifications.EventBridgeObjectCreated(bucket, eventBridgeKey, eventBridgeSize));
        var (firstDelivered, _) = await PutHitAsync("cloudtrail-sns-1", "fmt-cloudtrail-sns-1");
        var (secondDelivered, _) = await PutHitAsync("cloudtrail-sns-2", "fmt-cloudtrail-sns-2");
        await emulator.PublishToSnsAsync(envelopeTopic, Notifications.CloudTrailDelivery(bucket, firstDelivered, secondDelivered));
        var (directDelivered, _) = await PutHitAsync("cloudtrail-direct", "fmt-cloudtrail-direct");
        await harness.SendAsync(queues.QueueUrl, Notifications.CloudTrailDelivery(bucket, directDelivered));

        // Control messages, to be deleted without a read.
        await harness.SendAsync(queues.QueueUrl, Notifications.S3TestEvent(bucket));
        await harness.SendAsync(queues.QueueUrl, Notifications.CloudTrailValidation);
        await emulator.PublishToSnsAsync(envelopeTopic, Notifications.CloudTrailValidation);
        await harness.SendAsync(queues.QueueUrl, Notifications.SnsSubscriptionConfirmation(envelopeTopic));

        // A digest file must be skipped; this one holds a matching record so that reading it would show.
        var digestKey = CloudTrailKeys.Digest("trail");
        var digestSize = await harness.PutLogAsync(digestKey, SeedEvents.LoggingDisabled("digest-must-not-be-read"));
        await harness.SendAsync(queues.QueueUrl, Notifications.S3ObjectCreated(bucket, digestKey, digestSize));

        // Eleven messages, three of them through SNS: all must be on the queue before the worker is judged on them.
        const int messageCount = 11;
        var queued = await QueueProbe.WaitForDepthAsync(harness.Sqs, queues.QueueUrl, d => d.Total == messageCount, TimeSpan.FromSeconds(10));
        Assert.Equal(messageCount, queued.Total);

        var alertFile = harness.AlertFilePath("alerts");
        var worker = harness.StartWorker(harness.Settings(queues.QueueUrl, alertFile));

        Assert.True(
            await AlertFile.WaitForEventIdsAsync(alertFile, expectedKeys.Keys, AlertTimeout, () => worker.HasExited),
            $"Expected alerts for {string.Join(", ", expectedKeys.Keys)}; got [{string.Join(", ", AlertFile.EventIds(alertFile))}].\n{harness.WorkerLogs()}");
        var depth = await QueueProbe.WaitForDepthAsync(harness.Sqs, queues.QueueUrl, d => d.Total == 0, DrainTimeout);
        Assert.True(depth.Total == 0, $"The queue still holds {depth} after every alert was written.\n{harness.WorkerLogs()}");
        Assert.Equal(0, (await QueueProbe.DepthAsync(harness.Sqs, queues.DeadLetterQueueUrl)).Total);

        // An empty queue means every message was acknowledged, so every alert the worker will write is written.
        var alerts = AlertFile.Read(alertFile);
        Assert.Equal(expectedKeys.Keys.Order(StringComparer.Ordinal), alerts.Select(a => a.EventId).Order(StringComparer.Ordinal));
        Assert.All(alerts, a => Assert.Equal(SeedEvents.RuleId, a.RuleId));
        Assert.All(alerts, a => Assert.Equal($"s3://{bucket}/{expectedKeys[a.EventId]}", a.Source));
        Assert.Equal(alerts.Count, alerts.Select(a => a.Id).Distinct(StringComparer.Ordinal).Count());

        Assert.Equal(0, await WorkerHarness.StopAsync(worker, ExitTimeout));
    }

    [Fact]
    public async Task Worker_UnknownMessage_IsLeftForTheDeadLetterQueue()
    {
        await using var harness = await WorkerHarness.CreateAsync(emulator);
        // Redrive moves a message on the receive after its second: the worker must receive each three times
        // (5 s is the shortest visibility timeout the worker accepts).
        var queues = await QueuePair.CreateAsync(emulator, "unknown", maxReceiveCount: 2);
        const string unknownJson = """{"hello":"world","detail-type":"Something Else"}""";
        const string notJson = "this is not JSON {";
        var unknownJsonId = await harness.SendAsync(queues.QueueUrl, unknownJson);
        var notJsonId = await harness.SendAsync(queues.QueueUrl, notJson);

        var worker = harness.StartWorker(harness.Settings(queues.QueueUrl, harness.AlertFilePath("alerts")) with { VisibilityTimeoutSeconds = 5 });

        var deadLettered = await QueueProbe.WaitForDepthAsync(harness.Sqs, queues.DeadLetterQueueUrl, d => d.Total == 2, TimeSpan.FromSeconds(45));
        Assert.True(deadLettered.Total == 2, $"DLQ holds {deadLettered}; work queue holds {await QueueProbe.DepthAsync(harness.Sqs, queues.QueueUrl)}.\n{harness.WorkerLogs()}");
        Assert.Equal(0, (await QueueProbe.DepthAsync(harness.Sqs, queues.QueueUrl)).Total);
        Assert.True(await worker.WaitForErrorOutputAsync(unknownJsonId, TimeSpan.FromSeconds(5)), $"stderr does not name message {unknownJsonId}.\n{harness.WorkerLogs()}");
        Assert.True(await worker.WaitForErrorOutputAsync(notJsonId, TimeSpan.FromSeconds(5)), $"stderr does not name message {notJsonId}.\n{harness.WorkerLogs()}");
        Assert.Equal(0, await WorkerHarness.StopAsync(worker, ExitTimeout));

        var bodies = (await QueueProbe.TakeAsync(harness.Sqs, [queues.DeadLetterQueueUrl], 2, TimeSpan.FromSeconds(10))).Select(m => m.Body);
        Assert.Equal(new[] { notJson, unknownJson }.Order(StringComparer.Ordinal), bodies.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Worker_NotificationForAnotherBucket_IsRefusedAndDeadLettered_TheTrailsBucketIsStillRead()
    {
        await using var harness = await WorkerHarness.CreateAsync(emulator);
        var queues = await QueuePair.CreateAsync(emulator, "foreign", maxReceiveCount: 2);
        // A bucket the worker's credentials can read, holding a log the rules would alert on: only the allow-list keeps it out.
        var other = AwsEmulatorFixture.UniqueName("other");
        await emulator.CreateBucketAsync(other);
        var key = CloudTrailKeys.Log("foreign");
        using (var body = new MemoryStream(TrailFiles.Gzip(SeedEvents.LoggingDisabled("from-other-bucket"))))
        {
            await harness.S3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = other, Key = key, InputStream = body });
        }

        var ownKey = CloudTrailKeys.Log("own");
        var size = await harness.PutLogAsync(ownKey, SeedEvents.LoggingDisabled("from-trail-bucket"));
        var foreign = Notifications.S3ObjectCreated(other, key, 100);
        await harness.SendAsync(queues.QueueUrl, foreign);
        await harness.SendAsync(queues.QueueUrl, Notifications.S3ObjectCreated(harness.Bucket, ownKey, size));
        var alertFile = harness.AlertFilePath("alerts");
        var worker = harness.StartWorker(harness.Settings(queues.QueueUrl, alertFile) with
        {
            VisibilityTimeoutSeconds = 5,
            Extra = new Dictionary<string, string> { ["TrailWatcher__S3__AllowedBuckets__0"] = harness.Bucket + "/AWSLogs/" },
        });

        Assert.True(await AlertFile.WaitForEventIdsAsync(alertFile, ["from-trail-bucket"], TimeSpan.FromSeconds(60), () => worker.HasExited), $"The trail's own object was not read.\n{harness.WorkerLogs()}");
        var deadLettered = await QueueProbe.WaitForDepthAsync(harness.Sqs, queues.DeadLetterQueueUrl, d => d.Total == 1, TimeSpan.FromSeconds(45));
        Assert.True(deadLettered.Total == 1, $"DLQ holds {deadLettered}.\n{harness.WorkerLogs()}");
        Assert.True(await worker.WaitForErrorOutputAsync("outside TrailWatcher:S3:AllowedBuckets", TimeSpan.FromSeconds(5)), $"stderr does not say why.\n{harness.WorkerLogs()}");
        Assert.Equal(0, await WorkerHarness.StopAsync(worker, ExitTimeout));

        Assert.DoesNotContain("from-other-bucket", AlertFile.EventIds(alertFile));
        Assert.Equal(foreign, Assert.Single(await QueueProbe.TakeAsync(harness.Sqs, [queues.DeadLetterQueueUrl], 1, TimeSpan.FromSeconds(10))).Body);
    }

    [Fact]
    public async Task Worker_MissingObject_DoesNotDeleteTheMessage()
    {
        await using var harness = await WorkerHarness.CreateAsync(emulator);
        var queues = await QueuePair.CreateAsync(emulator, "missing", maxReceiveCount: 3);
        var presentKey = CloudTrailKeys.Log("present");
        var presentSize = await harness.PutLogAsync(presentKey, SeedEvents.LoggingDisabled("present-hit"));
        var missingKey = CloudTrailKeys.Log("missing");
        await harness.SendAsync(queues.QueueUrl, Notifications.S3ObjectCreated(harness.Bucket, presentKey, presentSize));
        await harness.SendAsync(queues.QueueUrl, Notifications.S3ObjectCreated(harness.Bucket, missingKey, 1234));
        var alertFile = harness.AlertFilePath("alerts");

        var worker = harness.StartWorker(harness.Settings(queues.QueueUrl, alertFile) with { VisibilityTimeoutSeconds = 5 });

        Assert.True(await AlertFile.WaitForEventIdsAsync(alertFile, ["present-hit"], AlertTimeout, () => worker.HasExited), harness.WorkerLogs());
        Assert.True(await worker.WaitForErrorOutputAsync(missingKey, DrainTimeout), $"stderr does not name {missingKey}.\n{harness.WorkerLogs()}");
        // The good message goes once its alert is accepted; the failed one stays, here or in the DLQ, however often it fails.
        Assert.True(await WaitForRemainingAsync(harness, queues, 1, DrainTimeout), await DescribeAsync(harness, queues));
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Equal(1, await RemainingAsync(harness, queues));
        Assert.Equal(0, await WorkerHarness.StopAsync(worker, ExitTimeout));

        var remaining = Assert.Single(await QueueProbe.TakeAsync(harness.Sqs, [queues.QueueUrl, queues.DeadLetterQueueUrl], 1, TimeSpan.FromSeconds(15)));
        Assert.Contains(missingKey, remaining.Body, StringComparison.Ordinal);
        Assert.Equal(["present-hit"], AlertFile.EventIds(alertFile));
    }

    private static async Task<int> RemainingAsync(WorkerHarness harness, QueuePair queues) =>
        (await QueueProbe.DepthAsync(harness.Sqs, queues.QueueUrl)).Total + (await QueueProbe.DepthAsync(harness.Sqs, queues.DeadLetterQueueUrl)).Total;

    private static async Task<bool> WaitForRemainingAsync(WorkerHarness harness, QueuePair queues, int count, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (await RemainingAsync(harness, queues) != count)
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(200);
        }

        return true;
    }

    private static async Task<string> DescribeAsync(WorkerHarness harness, QueuePair queues) =>
        $"queue: {await QueueProbe.DepthAsync(harness.Sqs, queues.QueueUrl)}; DLQ: {await QueueProbe.DepthAsync(harness.Sqs, queues.DeadLetterQueueUrl)}\n{harness.WorkerLogs()}";
}
