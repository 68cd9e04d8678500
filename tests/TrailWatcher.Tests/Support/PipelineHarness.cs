using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TrailWatcher.Alerting;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Pipeline;
using TrailWatcher.Sinks;
using TrailWatcher.Detection.Evaluation;
using TrailWatcher.Telemetry;
using TrailWatcher.Detection.Rules.Files;

namespace TrailWatcher.Tests.Support;

/// <summary>A real pipeline with the seed rule (the detection these tests plant events for) and a <see cref="RecordingSink"/>, fed from memory.</summary>
internal sealed class PipelineHarness
{
    private static readonly Lazy<RuleSet> BuiltInRules = new(() => RuleLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "rules", "aws", "s3", "s3_bucket_logging_disabled.yml")));

    /// <param name="channelCapacity">Capacity of every hand-off.</param>
    /// <param name="parallelism">Readers and evaluators.</param>
    /// <param name="dispatcher">Real sinks to deliver to; the fail-fast <see cref="RecordingSink"/> when null.</param>
    /// <param name="router">Dedup routing; off when null, so every match is its own alert and delivery is what is tested.</param>
    /// <param name="rules">The rules to evaluate; the seed rule when null.</param>
    /// <param name="metrics">Where the pipeline counts; a fresh instance when null.</param>
    /// <param name="time">The pipeline's clock; the system's when null.</param>
    /// <param name="logger">The pipeline's logger; none when null.</param>
    /// <param name="maxCandidateBytes">The pipeline's <c>MaxCandidateBytes</c>; its default when null.</param>
    public PipelineHarness(int channelCapacity = 8, int parallelism = 2, AlertDispatcher? dispatcher = null, AlertRouter? router = null, RuleSet? rules = null, TrailWatcherMetrics? metrics = null, TimeProvider? time = null, ILogger<DetectionPipeline>? logger = null, long? maxCandidateBytes = null)
    {
        Options = new PipelineOptions { ChannelCapacity = channelCapacity, ReaderParallelism = parallelism, EvaluationParallelism = parallelism, BatchSize = 4 };
        if (maxCandidateBytes is { } budget)
        {
            Options.MaxCandidateBytes = budget;
        }

        Dispatcher = dispatcher ?? new AlertDispatcher([Sink], NullLogger<AlertDispatcher>.Instance);
        metrics ??= TestMetrics.Create();
        Totals = new RunningTotals(metrics);
        Pipeline = new DetectionPipeline(RecordEvaluator.ForEnabled(rules ?? BuiltInRules.Value), router ?? Routers.Disabled(), Dispatcher, Options, metrics, time ?? TimeProvider.System, logger ?? NullLogger<DetectionPipeline>.Instance);
    }

    /// <summary>What the pipeline counted (objects, records, alerts).</summary>
    public RunningTotals Totals { get; }

    public AlertDispatcher Dispatcher { get; }

    public RecordingSink Sink { get; } = new();

    public PipelineOptions Options { get; }

    public DetectionPipeline Pipeline { get; }

    /// <summary>Only the test rule that groups the seed detection's matches per account and bucket for an hour.</summary>
    public static RuleSet GroupedRule()
    {
        var directory = Directory.CreateTempSubdirectory("tw-grouped-rule-").FullName;
        try
        {
            return RuleLoader.LoadDirectories([DedupRules.Write(directory)]);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    public static LogObject InMemory(string name, string json) => new(name, _ => ValueTask.FromResult<Stream>(new MemoryStream(Encoding.UTF8.GetBytes(json))));

    public static LogObject FromStream(string name, Func<Stream> open) => new(name, _ => ValueTask.FromResult(open()));
}
