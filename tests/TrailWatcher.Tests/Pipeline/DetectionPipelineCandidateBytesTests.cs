using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Pipeline;

/// <summary><c>Pipeline:MaxCandidateBytes</c>: the reading stage waits while the candidate records queued for evaluation pass the budget.</summary>
public sealed class DetectionPipelineCandidateBytesTests
{
    private const long Budget = 16 * 1024;

    [Fact]
    public async Task Reading_EvaluationBlocked_HoldsNoMoreCandidateBytesThanTheBudgetAndLosesNothing()
    {
        // Channels of 64 batches would hold ~340 KB of these records; the budget allows 16 KB.
        var harness = new PipelineHarness(channelCapacity: 64, parallelism: 1, maxCandidateBytes: Budget);
        harness.Sink.Close();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var running = harness.Pipeline.RunAsync(cts.Token);
        var events = Enumerable.Range(0, 600).Select(i => $"e{i}").ToList();
        var work = await harness.Pipeline.SubmitAsync(PipelineHarness.InMemory("big.json", TrailFiles.Document([.. events.Select(SeedEvents.LoggingDisabled)])), cts.Token);

        // The stalled sink fills the alert channel, the evaluator stops, and the reader runs into the budget.
        long peak = 0;
        for (var i = 0; i < 20; i++)
        {
            await Task.Delay(50, cts.Token);
            peak = Math.Max(peak, harness.Pipeline.CandidateBytes);
        }

        Assert.False(work.Completion.IsCompleted);
        Assert.InRange(peak, 1, Budget);

        harness.Sink.Open();
        var outcome = await work.Completion.WaitAsync(cts.Token);
        harness.Pipeline.CompleteAdding();
        await running;

        Assert.True(outcome.Succeeded);
        Assert.Equal(events.Order(StringComparer.Ordinal), harness.Sink.Accepted.Select(a => a.EventId).Order(StringComparer.Ordinal));
        Assert.Equal(0, harness.Pipeline.CandidateBytes);
    }
}
