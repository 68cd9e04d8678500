using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using TrailWatcher.Alerting;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Pipeline;
using TrailWatcher.Sinks;
using TrailWatcher.Sources;
using TrailWatcher.Telemetry;
using TrailWatcher.Detection.Correlation;
using TrailWatcher.Detection.Evaluation;

namespace TrailWatcher.Cli;

/// <summary>The <c>scan</c> verb: reads log files once, writes alerts to stdout and a summary to stderr.</summary>
internal static class ScanCommand
{
    /// <summary>Scans the paths once; with <paramref name="dedup"/>, matches are grouped as the service groups them (in memory) and open groups' updates are written at the end.</summary>
    public static Task<int> RunAsync(IReadOnlyList<string> paths, RuleSet rules, PipelineOptions options, bool dedup, bool verbose, CancellationToken cancellationToken) =>
        RunAsync(paths, rules, CorrelationSet.Empty, CorrelationTuningSet.Empty, options, dedup, verbose, cancellationToken);

    /// <summary>As the other overload, with correlations: each is decided over all the scanned records once the input ends.</summary>
    /// <remarks>With <paramref name="hash"/>, every file is also hashed as digest validation hashes it in <c>run</c>: the way to measure that cost.</remarks>
    public static async Task<int> RunAsync(IReadOnlyList<string> paths, RuleSet rules, CorrelationSet correlations, CorrelationTuningSet correlationTuning, PipelineOptions options, bool dedup, bool verbose, CancellationToken cancellationToken, bool hash = false)
    {
        var stopwatch = Stopwatch.StartNew();
        // Built by hand: LoggerFactory.Create builds a DI container for one provider, about 25 ms of every scan's start.
        using var loggers = new LoggerFactory([new CliLoggerProvider(verbose ? LogLevel.Debug : LogLevel.Warning, Console.Error)], new LoggerFilterOptions { MinLevel = LogLevel.Trace });
        var logger = loggers.CreateLogger("scan");
        var inputs = ScanInputs.Expand(paths);
        foreach (var missing in inputs.Missing)
        {
            logger.LogError("{Path}: no such file or directory", missing);
        }

        foreach (var skipped in inputs.Skipped)
        {
            logger.LogDebug("{Path}: skipped, not a CloudTrail log file", skipped);
        }

        using var meters = new CliMeterFactory();
        var metrics = new TrailWatcherMetrics(meters);
        using var statistics = new RunningTotals(metrics);
        await using var stdout = Console.OpenStandardOutput();
        var dispatcher = new AlertDispatcher([new ConsoleAlertSink(stdout)], loggers.CreateLogger<AlertDispatcher>());
        var dedupOptions = new DedupOptions { Enabled = dedup };
        var router = new AlertRouter(new InMemoryDedupStore(dedupOptions.MaxGroups), dedupOptions, TimeProvider.System, loggers.CreateLogger<AlertRouter>());
        var correlator = Correlator.ForScan(correlations, metrics, TimeProvider.System, loggers.CreateLogger<Correlator>(), correlationTuning);
        var pipeline = new DetectionPipeline(RecordEvaluator.ForEnabled(rules), router, dispatcher, options, metrics, TimeProvider.System, loggers.CreateLogger<DetectionPipeline>(), correlator);
        using var progress = Console.IsErrorRedirected ? null : new ScanProgress(statistics, inputs.Files.Count);

        var running = pipeline.RunAsync(cancellationToken);
        var outcomes = new List<Task<ObjectOutcome>>(inputs.Files.Count);
        try
        {
            foreach (var file in inputs.Files)
            {
                var work = await pipeline.SubmitAsync(LogObject.ForFile(file) with { Hashed = hash }, cancellationToken).ConfigureAwait(false);
                outcomes.Add(work.Completion);
            }
        }
        finally
        {
            pipeline.CompleteAdding();
        }

        await running.ConfigureAwait(false);
        var results = await Task.WhenAll(outcomes).ConfigureAwait(false);
        progress?.Dispose();

        var failed = results.Count(r => !r.Succeeded);
        var seconds = Math.Max(stopwatch.Elapsed.TotalSeconds, 1e-9);
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"scanned {inputs.Files.Count} files ({inputs.Skipped.Count} skipped, {failed + inputs.Missing.Count} failed): {statistics.Records:N0} records, {statistics.Alerts:N0} alerts, {statistics.Signals:N0} signals, {statistics.Updates:N0} updates, {statistics.Suppressed:N0} silenced by exceptions, {statistics.EvaluationErrors:N0} rule errors, {statistics.Parsed:N0} records parsed ({100.0 * statistics.Parsed / Math.Max(1, statistics.Records):F1} %) in {seconds:F2} s ({statistics.Records / seconds:N0} records/s, {statistics.UncompressedBytes / seconds / 1e6:F1} MB/s, peak memory {PeakMemoryMegabytes()} MB)");
        await Console.Error.WriteLineAsync(summary).ConfigureAwait(false);
        return failed + inputs.Missing.Count == 0 ? ExitCodes.Success : ExitCodes.InputFailed;
    }

    private static long PeakMemoryMegabytes()
    {
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64 / (1024 * 1024);
    }

}
