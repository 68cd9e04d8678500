using System.Text;
using TrailWatcher.Sinks;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Pipeline;

public sealed class DetectionPipelineFaultTests
{
    [Fact]
    public async Task Read_StreamFailsMidway_RecordsBeforeTheFaultAlertAndTheObjectFails()
    {
        var harness = new PipelineHarness();
        var json = TrailFiles.Document([SeedEvents.LoggingDisabled("before"), SeedEvents.Background("bg"), SeedEvents.LoggingDisabled("after")]);
        var bytes = Encoding.UTF8.GetBytes(json);
        var failAt = json.IndexOf("\"after\"", StringComparison.Ordinal);
        var running = harness.Pipeline.RunAsync(CancellationToken.None);

        var broken = await harness.Pipeline.SubmitAsync(PipelineHarness.FromStream("s3://trail/broken.json", () => new FailingStream(bytes, failAt)), CancellationToken.None);
        var fine = await harness.Pipeline.SubmitAsync(PipelineHarness.InMemory("s3://trail/fine.json", TrailFiles.Document([SeedEvents.LoggingDisabled("fine")])), CancellationToken.None);
        harness.Pipeline.CompleteAdding();
        await running;

        var brokenOutcome = await broken.Completion;
        Assert.False(brokenOutcome.Succeeded);
        Assert.Contains("s3://trail/broken.json", brokenOutcome.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(1, brokenOutcome.Alerts);
        Assert.True((await fine.Completion).Succeeded);
        Assert.Equal(["before", "fine"], harness.Sink.Accepted.Select(a => a.EventId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Deliver_SinkFails_ObjectFailsWithARetryableDeliveryErrorAndIsNotReportedDone()
    {
        var harness = new PipelineHarness();
        harness.Sink.FailWith = new HttpRequestException("503 from the alert endpoint");
        var running = harness.Pipeline.RunAsync(CancellationToken.None);

        var work = await harness.Pipeline.SubmitAsync(PipelineHarness.InMemory("a.json", TrailFiles.Document([SeedEvents.LoggingDisabled("x")])), CancellationToken.None);
        harness.Pipeline.CompleteAdding();
        await running;

        var outcome = await work.Completion;
        Assert.IsType<AlertDeliveryException>(outcome.Error);
        // The object itself was fine: a source may read it again once the sink takes alerts.
        Assert.True(outcome.Retryable);
        Assert.Contains("recording", outcome.Error.Message, StringComparison.Ordinal);
        Assert.Equal(0, outcome.Alerts);
    }

    [Fact]
    public async Task Read_OpenFails_ObjectFailsNotRetryableAndThePipelineGoesOn()
    {
        var harness = new PipelineHarness();
        var running = harness.Pipeline.RunAsync(CancellationToken.None);

        var missing = await harness.Pipeline.SubmitAsync(new TrailWatcher.Pipeline.LogObject("gone.json.gz", _ => throw new FileNotFoundException("gone.json.gz")), CancellationToken.None);
        var fine = await harness.Pipeline.SubmitAsync(PipelineHarness.InMemory("fine.json", TrailFiles.Document([SeedEvents.LoggingDisabled("fine")])), CancellationToken.None);
        harness.Pipeline.CompleteAdding();
        await running;

        var missingOutcome = await missing.Completion;
        Assert.IsType<FileNotFoundException>(missingOutcome.Error);
        Assert.False(missingOutcome.Retryable);
        Assert.True((await fine.Completion).Succeeded);
    }
}
