using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Pipeline;

public sealed class DetectionPipelineDeliveryRoundTests
{
    [Fact]
    public async Task Deliver_ManyMatchesQueued_SinkGetsBoundedRoundsAndEveryAlert()
    {
        const int matches = 6_000;
        var harness = new PipelineHarness(channelCapacity: 64, parallelism: 1);
        harness.Options.BatchSize = 500;
        harness.Sink.Close();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var running = harness.Pipeline.RunAsync(cts.Token);

        var events = Enumerable.Range(0, matches).Select(i => SeedEvents.LoggingDisabled($"m{i}")).ToList();
        var work = await harness.Pipeline.SubmitAsync(PipelineHarness.InMemory("many.json", TrailFiles.Document(events)), cts.Token);
        await harness.Sink.Reached;
        // Let the evaluator queue every batch it can while the first delivery is held.
        await Task.Delay(500, cts.Token);
        harness.Sink.Open();
        harness.Pipeline.CompleteAdding();
        await running;

        Assert.True((await work.Completion).Succeeded);
        Assert.Equal(matches, harness.Sink.Accepted.Select(a => a.EventId).Distinct().Count());
        // A round stops taking batches at 2,048 alerts; the batch that crosses it still goes, whole.
        Assert.InRange(harness.Sink.LargestWrite, 1, 2_048 + 500 - 1);
        Assert.True(harness.Sink.Writes >= 3, $"{harness.Sink.Writes} writes");
    }
}
