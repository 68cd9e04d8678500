using Microsoft.Extensions.Logging.Abstractions;
using TrailWatcher.Sinks;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Sinks;

public sealed class ResilientSinkTests
{
    [Fact]
    public async Task Deliver_MoreAlertsThanTheSinkTakesAtOnce_HandsThemOverInPiecesOfItsBatchSize()
    {
        var sink = new BatchLimitedSink(maxBatchSize: 3);
        await using var resilient = ResilientSink.FailFast(sink, TimeProvider.System, NullLogger.Instance);
        var alerts = SeedAlerts.Many(7);

        await resilient.DeliverAsync(alerts, CancellationToken.None);

        Assert.Equal([3, 3, 1], sink.Writes.Select(w => w.Count));
        Assert.Equal(alerts.Select(a => a.Id), sink.Writes.SelectMany(w => w).Select(a => a.Id));
        Assert.Equal(7, resilient.Status.Delivered);
    }

    [Fact]
    public async Task Deliver_OnePieceRefusedOnce_OnlyThatPieceIsSentAgain()
    {
        var sink = new BatchLimitedSink(maxBatchSize: 3) { FailingWrites = { 2 } };
        await using var resilient = ResilientSink.Create(sink, SinkTestOptions.Fast(), TimeProvider.System, NullLogger.Instance);
        var alerts = SeedAlerts.Many(7);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        await resilient.DeliverAsync(alerts, cts.Token);

        Assert.Equal([3, 3, 3, 1], sink.Writes.Select(w => w.Count));
        Assert.Equal(sink.Writes[1].Select(a => a.Id), sink.Writes[2].Select(a => a.Id));
        Assert.Equal(7, resilient.Status.Delivered);
        Assert.Equal(1, resilient.Status.Failed);
    }
}
