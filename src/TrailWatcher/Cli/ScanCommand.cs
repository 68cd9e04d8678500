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
using TrailWatcher.Sources.S3;

namespace TrailWatcher.Cli;

/// <summary>The <c>scan</c> verb: reads log files (or a bucket's trail) once, writes alerts to stdout and a summary to stderr.</summary>
internal static class ScanCommand
{
    /// <summary>Scans the paths once; with <paramref name="dedup"/>, matches are grouped as the service groups them (in memory) and open groups' updates are written at the end.</summary>
    public static Task<int> RunAsync(IReadOnlyList<string> paths, RuleSet rules, PipelineOptions options, bool dedup, bool verbose, CancellationToken cancellationToken) =>
        RunAsync(paths, TrailFilterArguments.None, rules, CorrelationSet.Empty, CorrelationTuningSet.Empty, options, dedup, verbose, cancellationToken);

    /// <summary>As the other overload, with correlations (each decided over all the scanned records once the input ends), and paths that may be one <c>s3://</c> location narrowed by <paramref name="filter"/>.</summary>
    /// <remarks>With <paramref name="hash"/>, every file is also hashed as digest validation hashes it in <c>run</c>: the way to measure that cost.</remarks>
    public static async Task<int> RunAsync(IReadOnlyList<string> paths, TrailFilterArguments filter, RuleSet rules, CorrelationSet correlations, CorrelationTuningSet correlationTuning, PipelineOptions options, bool dedup, bool verbose, CancellationToken cancellationToken, bool hash = false)
    {
        var stopwatch = Stopwatch.StartNew();
        // Built by hand: LoggerFactory.Create builds a DI container for one provider, about 25 ms of every scan's start.
        using var loggers = new LoggerFactory([new CliLoggerProvider(verbose ? LogLevel.Debug : LogLevel.Warning, Console.Error)], new LoggerFilterOptions { MinLevel = LogLevel.Trace });
        using var meters = new CliMeterFactory();
        var metrics = new TrailWatcherMetrics(meters);
        using var source = await OpenAsync(paths, filter, loggers, metrics, cancellationToken).ConfigureAwait(false);
        if (source is null)
        {
            return ExitCodes.ConfigurationError;
        }

        using var statistics = new RunningTotals(metrics);
        await using var stdout = Console.OpenStandardOutput();
        var dispatcher = new AlertDispatcher([new ConsoleAlertSink(stdout)], loggers.CreateLogger<AlertDispatcher>());
        var dedupOptions = new DedupOptions { Enabled = dedup };
        var router = new AlertRouter(new InMemoryDedupStore(dedupOptions.MaxGroups), dedupOptions, TimeProvider.System, loggers.CreateLogger<AlertRouter>());
        var correlator = Correlator.ForScan(correlations, metrics, TimeProvider.System, loggers.CreateLogger<Correlator>(), correlationTuning);
        var pipeline = new DetectionPipeline(new RecordEvaluator(rules.Enabled) { Projections = correlations.Projections }, router, dispatcher, options, metrics, TimeProvider.System, loggers.CreateLogger<DetectionPipeline>(), correlator);
        using var progress = Console.IsErrorRedirected ? null : new ScanProgress(statistics, source.Objects.Count);

        var running = pipeline.RunAsync(cancellationToken);
        var outcomes = new List<Task<ObjectOutcome>>(source.Objects.Count);
        try
        {
            foreach (var item in source.Objects)
            {
                var work = await pipeline.SubmitAsync(item with { Hashed = hash }, cancellationToken).ConfigureAwait(false);
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

        var failed = results.Count(r => !r.Succeeded) + source.Missing;
        var seconds = Math.Max(stopwatch.Elapsed.TotalSeconds, 1e-9);
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"scanned {source.Objects.Count} files ({source.Skipped} skipped, {failed} failed): {statistics.Records:N0} records, {statistics.Alerts:N0} alerts, {statistics.Signals:N0} signals, {statistics.Updates:N0} updates, {statistics.Suppressed:N0} silenced by exceptions, {statistics.EvaluationErrors:N0} rule errors, {statistics.Parsed:N0} records parsed ({100.0 * statistics.Parsed / Math.Max(1, statistics.Records):F1} %) in {seconds:F2} s ({statistics.Records / seconds:N0} records/s, {statistics.UncompressedBytes / seconds / 1e6:F1} MB/s, peak memory {PeakMemoryMegabytes()} MB)");
        await Console.Error.WriteLineAsync(summary).ConfigureAwait(false);
        return failed == 0 ? ExitCodes.Success : ExitCodes.InputFailed;
    }

    private static async Task<ScanSource?> OpenAsync(IReadOnlyList<string> paths, TrailFilterArguments filter, ILoggerFactory loggers, TrailWatcherMetrics metrics, CancellationToken cancellationToken)
    {
        var remote = paths.Where(S3Location.Looks).ToList();
        if (remote.Count > 0)
        {
            if (remote.Count == paths.Count && remote.Count == 1)
            {
                return await S3ScanSource.OpenAsync(remote[0], filter, loggers, metrics, Console.Error, cancellationToken).ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync("error: scan takes one s3:// location, or local paths, not both").ConfigureAwait(false);
            return null;
        }

        if (filter.Any)
        {
            await Console.Error.WriteLineAsync("error: --since, --until, --account and --region apply to an s3:// location only").ConfigureAwait(false);
            return null;
        }

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

        return new ScanSource([.. inputs.Files.Select(LogObject.ForFile)], inputs.Skipped.Count, inputs.Missing.Count);
    }

    private static long PeakMemoryMegabytes()
    {
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64 / (1024 * 1024);
    }
}
