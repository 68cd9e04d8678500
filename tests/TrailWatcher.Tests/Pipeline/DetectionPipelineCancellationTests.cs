using TrailWatcher.Pipeline;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Pipeline;

public sealed class DetectionPipelineCancellationTests
{
    [Fact]
    public async Task Run_Cancelled_EndsAndUnfinishedObjectsAreCancelledNotReportedDone()
    {
        var harness = new PipelineHarness();
        harness.Sink.Close();
        using var cts = new CancellationTokenSource();
        var running = harness.Pipeline.RunAsync(cts.Token);
        var work = await harness.Pipeline.SubmitAsync(PipelineHarness.InMemory("a.json", TrailFiles.Document([SeedEvents.LoggingDisabled("x")])), CancellationToken.None);
        await Task.Delay(200);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(TimeSpan.FromSeconds(10)));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => work.Completion.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Empty(harness.Sink.Accepted);
    }

    [Fact]
    public async Task Submit_AfterCompleteAdding_ThrowsPipelineClosed()
    {
        var harness = new PipelineHarness();
        harness.Pipeline.CompleteAdding();

        await Assert.ThrowsAsync<PipelineClosedException>(async () => await harness.Pipeline.SubmitAsync(PipelineHarness.InMemory("late.json", TrailFiles.Document([])), CancellationToken.None));
    }
}
