using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Sources.Sqs;

public sealed class SqsMessageHandlerTests
{
    [Fact]
    public async Task Handle_ObjectStillBeingRead_MessageIsDeletedOnlyOnceItsObjectsAreDone()
    {
        await using var source = new SqsSourceHarness();
        var body = new GatedStream(TrailFiles.Gzip(SeedEvents.LoggingDisabled("hit-slow")));
        source.S3.Put(SqsMessages.LogKey("slow"), body);
        source.S3.Put(SqsMessages.LogKey("quick"), TrailFiles.Gzip(SeedEvents.LoggingDisabled("hit-quick")));
        var message = SqsMessages.ObjectsCreated("m1", SqsMessages.LogKey("quick"), SqsMessages.LogKey("slow"));

        var handling = source.HandleAsync(message);
        await body.Reading;
        var whileReading = source.Sqs.Calls;
        body.Open();
        await handling;

        Assert.DoesNotContain(whileReading, c => c.IsDeleteOf(message.ReceiptHandle));
        Assert.Single(source.Sqs.Calls, c => c.IsDeleteOf(message.ReceiptHandle));
        Assert.Equal(["hit-quick", "hit-slow"], source.Detection.Sink.Accepted.Select(a => a.EventId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Handle_SinkNotTakingAlertsYet_MessageIsDeletedOnlyOnceTheAlertsAreAccepted()
    {
        await using var source = new SqsSourceHarness();
        source.S3.Put(SqsMessages.LogKey("a"), TrailFiles.Gzip(SeedEvents.LoggingDisabled("hit-a")));
        var message = SqsMessages.ObjectsCreated("m1", SqsMessages.LogKey("a"));
        source.Detection.Sink.Close();

        var handling = source.HandleAsync(message);
        await source.Detection.Sink.Reached;
        var whileHeld = source.Sqs.Calls;
        source.Detection.Sink.Open();
        await handling;

        Assert.DoesNotContain(whileHeld, c => c.Action == SqsCall.Delete);
        Assert.Single(source.Sqs.Calls, c => c.IsDeleteOf(message.ReceiptHandle));
    }

    [Theory]
    [InlineData(SqsMessages.S3TestEvent)]
    [InlineData(SqsMessages.CloudTrailValidation)]
    [InlineData(SqsMessages.SnsSubscriptionConfirmation)]
    [InlineData(SqsMessages.ObjectRemoved)]
    public async Task Handle_ControlOrIgnoredMessage_IsDeletedWithoutReadingAnything(string body)
    {
        await using var source = new SqsSourceHarness();
        var message = SqsMessages.WithBody("c1", body);

        await source.HandleAsync(message);

        Assert.Equal([new SqsCall(SqsCall.Delete, message.ReceiptHandle)], source.Sqs.Calls);
        Assert.Equal(0, source.Detection.Totals.Objects);
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("""{"Records":[{"eventName":"PutObject"}]}""")]
    [InlineData("""{"detail-type":"Object Created"}""")]
    public async Task Handle_MessageInNoKnownFormat_IsLeftOnTheQueueForItsDeadLetterQueue(string body)
    {
        await using var source = new SqsSourceHarness();

        await source.HandleAsync(SqsMessages.WithBody("u1", body));

        // Neither deleted nor released: it comes back after its visibility timeout until the redrive policy moves it.
        Assert.Empty(source.Sqs.Calls);
    }

    [Theory]
    [InlineData("trail-bucket", true)]
    [InlineData("s3://trail-bucket/AWSLogs/111111111111/", true)]
    [InlineData("trail-bucket/AWSLogs/222222222222/", false)]
    [InlineData("other-bucket", false)]
    public async Task Handle_AllowedBuckets_OnlyTheTrailsObjectsAreRead_AnythingElseIsLeftForTheDeadLetterQueue(string allowed, bool read)
    {
        await using var source = new SqsSourceHarness(allowedBuckets: [allowed]);
        source.S3.Put(SqsMessages.LogKey("a"), TrailFiles.Gzip(SeedEvents.LoggingDisabled("hit-a")));
        var message = SqsMessages.ObjectsCreated("m1", SqsMessages.LogKey("a"));

        await source.HandleAsync(message);

        if (read)
        {
            Assert.Single(source.Sqs.Calls, c => c.IsDeleteOf(message.ReceiptHandle));
            Assert.Equal(["hit-a"], source.Detection.Sink.Accepted.Select(a => a.EventId));
        }
        else
        {
            // Neither deleted nor released, and nothing read: it reaches the dead-letter queue by the redrive policy.
            Assert.Empty(source.Sqs.Calls);
            Assert.Equal(0, source.Detection.Totals.Objects);
        }
    }

    [Fact]
    public async Task Handle_MoreObjectsThanMaxObjectsPerMessage_IsRefusedWhole_NothingRead()
    {
        await using var source = new SqsSourceHarness();
        source.Settings.MaxObjectsPerMessage = 2;
        foreach (var name in new[] { "a", "b", "c" })
        {
            source.S3.Put(SqsMessages.LogKey(name), TrailFiles.Gzip(SeedEvents.LoggingDisabled("hit-" + name)));
        }

        await source.HandleAsync(SqsMessages.ObjectsCreated("m1", SqsMessages.LogKey("a"), SqsMessages.LogKey("b"), SqsMessages.LogKey("c")));
        await source.HandleAsync(SqsMessages.ObjectsCreated("m2", SqsMessages.LogKey("a"), SqsMessages.LogKey("b")));

        // The first is left for the dead-letter queue; the second, within the limit, is read and deleted.
        Assert.Equal([new SqsCall(SqsCall.Delete, SqsMessages.Receipt("m2"))], source.Sqs.Calls);
        Assert.Equal(["hit-a", "hit-b"], source.Detection.Sink.Accepted.Select(a => a.EventId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Handle_CloudTrailNotificationWithAHundredThousandKeys_IsRefusedAtTheDefaultLimit()
    {
        await using var source = new SqsSourceHarness();
        var keys = string.Join(",", Enumerable.Range(0, 100_000).Select(i => $"\"{SqsMessages.LogKey("k" + i)}\""));
        var body = $"{{\"s3Bucket\":\"{SqsMessages.Bucket}\",\"s3ObjectKey\":[{keys}]}}";
        source.Settings.MaxMessageBytes = 16 * 1024 * 1024;
        // A well-formed CloudTrail notification: only the count refuses it.
        Assert.Equal(100_000, TrailWatcher.Sources.Sqs.NotificationParser.Parse(body).Objects.Count);

        await source.HandleAsync(SqsMessages.WithBody("m1", body));

        Assert.Empty(source.Sqs.Calls);
        Assert.Equal(0, source.Detection.Totals.Objects);
    }

    [Fact]
    public async Task Handle_BodyLargerThanMaxMessageBytes_IsRefusedUnparsed()
    {
        await using var source = new SqsSourceHarness();
        source.Settings.MaxMessageBytes = 1024;
        source.S3.Put(SqsMessages.LogKey("a"), TrailFiles.Gzip(SeedEvents.LoggingDisabled("hit-a")));
        var padded = SqsMessages.ObjectsCreated("m1", SqsMessages.LogKey("a"));
        padded.Body = padded.Body[..^1] + ",\"padding\":\"" + new string('x', 2000) + "\"}";

        await source.HandleAsync(padded);

        Assert.Empty(source.Sqs.Calls);
        Assert.Equal(0, source.Detection.Totals.Objects);

        // The same body is a good notification: under a higher limit it is read and deleted.
        source.Settings.MaxMessageBytes = 64 * 1024;
        await source.HandleAsync(padded);
        Assert.Equal([new SqsCall(SqsCall.Delete, padded.ReceiptHandle)], source.Sqs.Calls);
    }

    [Fact]
    public async Task Handle_OneObjectFails_MessageIsLeftWhileTheOtherObjectsAlertsAreDelivered()
    {
        await using var source = new SqsSourceHarness();
        source.S3.Put(SqsMessages.LogKey("fine"), TrailFiles.Gzip(SeedEvents.LoggingDisabled("hit-fine")));
        var message = SqsMessages.ObjectsCreated("m1", SqsMessages.LogKey("fine"), SqsMessages.LogKey("missing"));

        await source.HandleAsync(message);

        // Left as it is, not released: it comes back after its visibility timeout, and after maxReceiveCount goes to the DLQ.
        Assert.DoesNotContain(source.Sqs.Calls, c => c.ReceiptHandle == message.ReceiptHandle);
        Assert.Equal(["hit-fine"], source.Detection.Sink.Accepted.Select(a => a.EventId));
    }

    [Fact]
    public async Task Handle_OnlyDigestsAnnounced_MessageIsDeletedWithoutReadingThem()
    {
        await using var source = new SqsSourceHarness();
        var message = SqsMessages.ObjectsCreated("m1", SqsMessages.DigestKey("d1"));

        await source.HandleAsync(message);

        Assert.Equal([new SqsCall(SqsCall.Delete, message.ReceiptHandle)], source.Sqs.Calls);
        Assert.Equal(0, source.Detection.Totals.Objects);
    }

    [Fact]
    public async Task Handle_ObjectSlowerThanAThirdOfTheVisibilityTimeout_VisibilityIsExtendedUntilItIsDone()
    {
        await using var source = new SqsSourceHarness();
        var body = new GatedStream(TrailFiles.Gzip(SeedEvents.LoggingDisabled("hit")));
        source.S3.Put(SqsMessages.LogKey("large"), body);
        var message = SqsMessages.ObjectsCreated("m1", SqsMessages.LogKey("large"));
        var renewal = source.Settings.VisibilityTimeoutSeconds;

        var waiting = source.Clock.NextWaitAsync(source.ExtendEvery);
        var handling = source.HandleAsync(message);
        await waiting;
        await body.Reading;
        for (var turn = 1; turn <= 3; turn++)
        {
            waiting = source.Clock.NextWaitAsync(source.ExtendEvery);
            source.Clock.Advance(source.ExtendEvery);
            await waiting;
        }

        var extended = source.Sqs.Calls.Count(c => c.IsVisibilityOf(message.ReceiptHandle, renewal));
        body.Open();
        await handling;
        source.Clock.Advance(source.ExtendEvery * 3);

        Assert.Equal(3, extended);
        Assert.Equal(3, source.Sqs.Calls.Count(c => c.Action == SqsCall.ChangeVisibility));
        Assert.Single(source.Sqs.Calls, c => c.IsDeleteOf(message.ReceiptHandle));
    }

    [Fact]
    public async Task Handle_HardStopWhileAnObjectIsRead_MessageIsReleasedForAnotherWorkerNotDeleted()
    {
        await using var source = new SqsSourceHarness();
        var body = new GatedStream(TrailFiles.Gzip(SeedEvents.LoggingDisabled("hit")));
        source.S3.Put(SqsMessages.LogKey("large"), body);
        var message = SqsMessages.ObjectsCreated("m1", SqsMessages.LogKey("large"));

        var handling = source.HandleAsync(message);
        await body.Reading;
        await source.StopHardAsync();
        await handling.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Single(source.Sqs.Calls, c => c.IsVisibilityOf(message.ReceiptHandle, 0));
        Assert.DoesNotContain(source.Sqs.Calls, c => c.Action == SqsCall.Delete);
        Assert.Empty(source.Detection.Sink.Accepted);
    }

    [Fact]
    public async Task Handle_PipelineNoLongerTakingObjects_MessageIsReleasedForAnotherWorker()
    {
        await using var source = new SqsSourceHarness();
        source.S3.Put(SqsMessages.LogKey("a"), TrailFiles.Gzip(SeedEvents.LoggingDisabled("hit")));
        var message = SqsMessages.ObjectsCreated("m1", SqsMessages.LogKey("a"));
        source.Detection.Pipeline.CompleteAdding();

        await source.HandleAsync(message);

        Assert.Equal([new SqsCall(SqsCall.ChangeVisibility, message.ReceiptHandle, VisibilityTimeout: 0)], source.Sqs.Calls);
        Assert.Equal(source.Settings.MaxConcurrentObjects, source.Slots.CurrentCount);
    }
}
