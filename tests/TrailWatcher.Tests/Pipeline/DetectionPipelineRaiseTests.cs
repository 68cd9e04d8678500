using TrailWatcher.Detection.Evaluation;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Pipeline;

/// <summary>Matches raised outside the reading stage (integrity findings) reach the sinks by the delivery stage, and say whether they did.</summary>
public sealed class DetectionPipelineRaiseTests
{
    [Fact]
    public async Task Raise_Matches_AreDeliveredToTheSinks_AndReportedDone()
    {
        var harness = new PipelineHarness();
        var running = harness.Pipeline.RunAsync(CancellationToken.None);

        var done = await harness.Pipeline.RaiseAsync("s3://trail/digest.json.gz", [OversizedRecordSignal.Match("s3://trail/log.json.gz", 3, 100, 5000, 4096, DateTimeOffset.UnixEpoch)], CancellationToken.None);
        harness.Pipeline.CompleteAdding();
        await running;

        Assert.True(done);
        Assert.Single(harness.Sink.Accepted, a => a.RuleId == OversizedRecordSignal.RuleId);
    }

    [Fact]
    public async Task Raise_SinkRefusing_IsReportedNotDone()
    {
        var harness = new PipelineHarness();
        harness.Sink.FailWith = new IOException("sink down");
        var running = harness.Pipeline.RunAsync(CancellationToken.None);

        var done = await harness.Pipeline.RaiseAsync("s3://trail/digest.json.gz", [OversizedRecordSignal.Match("s3://trail/log.json.gz", 3, 100, 5000, 4096, DateTimeOffset.UnixEpoch)], CancellationToken.None);
        harness.Pipeline.CompleteAdding();
        await running;

        Assert.False(done);
    }
}
