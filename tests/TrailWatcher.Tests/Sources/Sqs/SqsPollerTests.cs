using Amazon.SQS;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Sources.Sqs;

public sealed class SqsPollerTests
{
    [Fact]
    public async Task Run_ObjectsInFlight_AsksForNoMoreMessagesThanThereAreFreeObjectSlots()
    {
        await using var source = new SqsSourceHarness(maxConcurrentObjects: 3);
        var first = new GatedStream(TrailFiles.Gzip(SeedEvents.LoggingDisabled("hit-1")));
        var second = new GatedStream(TrailFiles.Gzip(SeedEvents.LoggingDisabled("hit-2")));
        source.S3.Put(SqsMessages.LogKey("1"), first);
        source.S3.Put(SqsMessages.LogKey("2"), second);
        var message = SqsMessages.ObjectsCreated("m1", SqsMessages.LogKey("1"), SqsMessages.LogKey("2"));
        source.Sqs.Send(message);
        using var stopping = new CancellationTokenSource();

        var polling = source.Poller.RunAsync(stopping.Token, source.HardStop);
        await source.Sqs.WaitForAsync(c => c.Action == SqsCall.Receive && c.MaxMessages == 1, "a receive for the one free slot");
        first.Open();
        second.Open();
        await source.Sqs.WaitForAsync(c => c.IsDeleteOf(message.ReceiptHandle), "the delete of the message");
        await stopping.CancelAsync();
        await polling.WaitAsync(TimeSpan.FromSeconds(10));

        // Three slots, ten messages allowed per receive: three asked for; then one while two objects are read.
        var receives = source.Sqs.Calls.Where(c => c.Action == SqsCall.Receive).Select(c => c.MaxMessages).ToList();
        Assert.Equal([3, 1], receives.Take(2));
        Assert.True(source.Poller.HasReceived);
    }

    [Fact]
    public async Task Run_QueueRefusesReceives_BacksOffLongerEachTimeReportsWhyAndRecovers()
    {
        await using var source = new SqsSourceHarness();
        source.Sqs.ReceiveFailure = new AmazonSQSException("The specified queue does not exist.");
        using var stopping = new CancellationTokenSource();

        var waiting = source.Clock.NextWaitAsync(TimeSpan.FromSeconds(2));
        var polling = source.Poller.RunAsync(stopping.Token, source.HardStop);
        await waiting;
        var errorAfterFirst = source.Poller.LastReceiveError;
        waiting = source.Clock.NextWaitAsync(TimeSpan.FromSeconds(4));
        source.Clock.Advance(TimeSpan.FromSeconds(2));
        await waiting;
        var receivesWhileFailing = source.Sqs.Calls.Count(c => c.Action == SqsCall.Receive);

        source.Sqs.ReceiveFailure = null;
        var control = SqsMessages.WithBody("c1", SqsMessages.S3TestEvent);
        source.Sqs.Send(control);
        source.Clock.Advance(TimeSpan.FromSeconds(4));
        await source.Sqs.WaitForAsync(c => c.IsDeleteOf(control.ReceiptHandle), "the delete of the control message");
        await stopping.CancelAsync();
        await polling.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Contains("does not exist", errorAfterFirst, StringComparison.Ordinal);
        Assert.Equal(2, receivesWhileFailing);
        Assert.Null(source.Poller.LastReceiveError);
        Assert.True(source.Poller.HasReceived);
    }

    [Fact]
    public async Task Run_Stopped_StopsReceivingButLetsTheMessagesInFlightFinish()
    {
        await using var source = new SqsSourceHarness();
        var body = new GatedStream(TrailFiles.Gzip(SeedEvents.LoggingDisabled("hit")));
        source.S3.Put(SqsMessages.LogKey("large"), body);
        var message = SqsMessages.ObjectsCreated("m1", SqsMessages.LogKey("large"));
        source.Sqs.Send(message);
        using var stopping = new CancellationTokenSource();

        var polling = source.Poller.RunAsync(stopping.Token, source.HardStop);
        await body.Reading;
        await stopping.CancelAsync();
        await polling.WaitAsync(TimeSpan.FromSeconds(10));
        var idle = source.Poller.WhenIdleAsync();
        var idleBeforeTheObjectFinished = idle.IsCompleted;
        var receives = source.Sqs.Calls.Count(c => c.Action == SqsCall.Receive);
        body.Open();
        await idle.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(idleBeforeTheObjectFinished);
        Assert.Single(source.Sqs.Calls, c => c.IsDeleteOf(message.ReceiptHandle));
        Assert.Equal(receives, source.Sqs.Calls.Count(c => c.Action == SqsCall.Receive));
        Assert.Equal(["hit"], source.Detection.Sink.Accepted.Select(a => a.EventId));
    }

    [Fact]
    public async Task Run_EveryTurn_BeatsTheHeartbeat()
    {
        await using var source = new SqsSourceHarness();
        using var stopping = new CancellationTokenSource();
        source.Clock.Advance(TimeSpan.FromMinutes(5));
        var before = source.Heartbeat.SinceLastBeat;

        var polling = source.Poller.RunAsync(stopping.Token, source.HardStop);
        await source.Sqs.WaitForAsync(c => c.Action == SqsCall.Receive, "a receive");
        await stopping.CancelAsync();
        await polling.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.FromMinutes(5), before);
        Assert.Equal(TimeSpan.Zero, source.Heartbeat.SinceLastBeat);
    }
}
