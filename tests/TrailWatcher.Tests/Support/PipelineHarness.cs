using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Pipeline;
using TrailWatcher.Sinks;

namespace TrailWatcher.Tests.Support;

/// <summary>A real pipeline with the built-in rules and a <see cref="RecordingSink"/>, fed from memory.</summary>
internal sealed class PipelineHarness
{
    private static readonly Lazy<RuleSet> BuiltInRules = new(() => RuleLoader.LoadDirectories([Path.Combine(AppContext.BaseDirectory, "rules")]));

    public PipelineHarness(int channelCapacity = 8, int parallelism = 2)
    {
        Options = new PipelineOptions { ChannelCapacity = channelCapacity, ReaderParallelism = parallelism, EvaluationParallelism = parallelism, BatchSize = 4 };
        Pipeline = new DetectionPipeline(BuiltInRules.Value.Index, new AlertDispatcher([Sink], NullLogger<AlertDispatcher>.Instance), Options, TestMetrics.Create(), TimeProvider.System, NullLogger<DetectionPipeline>.Instance);
    }

    public RecordingSink Sink { get; } = new();

    public PipelineOptions Options { get; }

    public DetectionPipeline Pipeline { get; }

    public static LogObject InMemory(string name, string json) => new(name, _ => ValueTask.FromResult<Stream>(new MemoryStream(Encoding.UTF8.GetBytes(json))));

    public static LogObject FromStream(string name, Func<Stream> open) => new(name, _ => ValueTask.FromResult(open()));
}
