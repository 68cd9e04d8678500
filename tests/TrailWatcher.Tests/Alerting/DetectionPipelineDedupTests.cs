using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using TrailWatcher.Detection.Alerts;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Alerting;

/// <summary>The router inside the real pipeline, with a rule that groups the seed detection's matches per account and bucket for an hour.</summary>
public sealed class DetectionPipelineDedupTests
{
    [Fact]
    public async Task Pipeline_FoldedMatches_HoldNoObjectBackAndTheStopWritesTheUpdate()
    {
        var harness = new PipelineHarness(router: Routers.InMemory(new FakeTimeProvider(TestMatches.Start)), rules: PipelineHarness.GroupedRule());
        var running = harness.Pipeline.RunAsync(CancellationToken.None);

        var first = await harness.Pipeline.SubmitAsync(PipelineHarness.InMemory("a.json", TrailFiles.Document([SeedEvents.LoggingDisabled("hit-1")])), CancellationToken.None);
        var firstOutcome = await first.Completion;
        var second = await harness.Pipeline.SubmitAsync(PipelineHarness.InMemory("b.json", TrailFiles.Document([SeedEvents.LoggingDisabled("hit-2"), SeedEvents.LoggingDisabled("hit-3")])), CancellationToken.None);
        var secondOutcome = await second.Completion;
        var acceptedBeforeStop = harness.Sink.Accepted.Count;
        harness.Pipeline.CompleteAdding();
        await running;

        Assert.Equal((true, 1), (firstOutcome.Succeeded, firstOutcome.Alerts));
        Assert.Equal((true, 0), (secondOutcome.Succeeded, secondOutcome.Alerts));
        Assert.Equal(1, acceptedBeforeStop);
        Assert.Equal([AlertKind.Alert, AlertKind.Update], harness.Sink.Accepted.Select(a => a.Kind));
        Assert.Equal(["hit-2", "hit-3"], harness.Sink.Accepted[1].EventIds.Order(StringComparer.Ordinal));
        Assert.Equal(3, harness.Sink.Accepted[1].Count);
    }

    [Fact]
    public async Task Pipeline_PeriodEnds_TheTimerWritesTheUpdateWithoutNewInput()
    {
        var time = new FakeTimeProvider(TestMatches.Start);
        var harness = new PipelineHarness(router: Routers.InMemory(time), rules: PipelineHarness.GroupedRule());
        var running = harness.Pipeline.RunAsync(CancellationToken.None);
        var work = await harness.Pipeline.SubmitAsync(PipelineHarness.InMemory("a.json", TrailFiles.Document([SeedEvents.LoggingDisabled("hit-1"), SeedEvents.LoggingDisabled("hit-2")])), CancellationToken.None);
        await work.Completion;

        time.Advance(TimeSpan.FromHours(1));
        var waited = Stopwatch.StartNew();
        while (harness.Sink.Accepted.Count < 2 && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50);
        }

        harness.Pipeline.CompleteAdding();
        await running;
        Assert.Equal([AlertKind.Alert, AlertKind.Update], harness.Sink.Accepted.Select(a => a.Kind));
        Assert.Equal(2, harness.Sink.Accepted[1].Count);
    }
}
