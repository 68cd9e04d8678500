using TrailWatcher.Pipeline;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Pipeline;

public sealed class DetectionPipelineBackPressureTests
{
    [Fact]
    public async Task Submit_SinkStalled_StopsAcceptingObjectsThenResumesWithNothingLost()
    {
        var harness = new PipelineHarness(channelCapacity: 1, parallelism: 1);
        harness.Sink.Close();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var running = harness.Pipeline.RunAsync(cts.Token);

        // Each object raises one alert. With every channel at capacity 1 only a handful fit in the stages.
        var submitted = new List<ObjectWork>();
        Task<ObjectWork>? blocked = null;
        for (var i = 0; i < 50; i++)
        {
            var submit = harness.Pipeline.SubmitAsync(PipelineHarness.InMemory($"f{i}.json", TrailFiles.Document([SeedEvents.LoggingDisabled($"e{i}")])), cts.Token).AsTask();
            if (await Task.WhenAny(submit, Task.Delay(300, cts.Token)) != submit)
            {
                blocked = submit;
                break;
            }

            submitted.Add(await submit);
        }

        Assert.NotNull(blocked);
        Assert.InRange(submitted.Count, 1, 10);
        Assert.All(submitted, w => Assert.False(w.Completion.IsCompleted));

        harness.Sink.Open();
        submitted.Add(await blocked);
        harness.Pipeline.CompleteAdding();
        await running;

        var outcomes = await Task.WhenAll(submitted.Select(w => w.Completion));
        Assert.All(outcomes, o => Assert.True(o.Succeeded));
        Assert.Equal(submitted.Count, harness.Sink.Accepted.Select(a => a.EventId).Distinct().Count());
    }

    [Fact]
    public async Task Completion_WaitsUntilTheSinkAcceptedTheAlerts()
    {
        var harness = new PipelineHarness();
        harness.Sink.Close();
        var running = harness.Pipeline.RunAsync(CancellationToken.None);

        var work = await harness.Pipeline.SubmitAsync(PipelineHarness.InMemory("a.json", TrailFiles.Document([SeedEvents.LoggingDisabled("x")])), CancellationToken.None);
        await Task.Delay(300);
        Assert.False(work.Completion.IsCompleted);

        harness.Sink.Open();
        var outcome = await work.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        harness.Pipeline.CompleteAdding();
        await running;

        Assert.Equal(1, outcome.Alerts);
        Assert.Single(harness.Sink.Accepted);
    }
}
