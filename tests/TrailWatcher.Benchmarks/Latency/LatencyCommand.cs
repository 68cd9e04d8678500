using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text.Json;
using TrailWatcher.Benchmarks.Running;

namespace TrailWatcher.Benchmarks.Latency;

/// <summary>The <c>latency</c> command: one worker on the local emulator, fed a steady flow and then a burst, compared with <c>scan</c>.</summary>
internal static class LatencyCommand
{
    /// <summary>Exit code when alerts the planted events must raise never arrived, as <c>run</c> uses it for a wrong scan.</summary>
    public const int AlertsMissingExit = 2;

    /// <summary>Exit code after Ctrl+C or SIGTERM, as a shell reports a process ended by SIGINT.</summary>
    public const int InterruptedExit = 130;

    public static Command Create()
    {
        var files = new Option<int>("--files") { Description = "Log files sent in the steady flow (and again in the burst).", DefaultValueFactory = _ => 600 };
        var perFile = new Option<int>("--per-file") { Description = "Records per log file.", DefaultValueFactory = _ => 1_000 };
        var seed = new Option<int>("--seed") { Description = "Random seed of the corpus.", DefaultValueFactory = _ => 42 };
        var matches = new Option<int>("--matches") { Description = "Planted PutBucketLogging matches; 0 = twice --files (about 86 % of files get one).", DefaultValueFactory = _ => 0 };
        var rate = new Option<double>("--rate") { Description = "Notifications per second in the steady flow.", DefaultValueFactory = _ => 20 };
        var warmup = new Option<int>("--warmup") { Description = "Files sent and waited for before the measured flow.", DefaultValueFactory = _ => 5 };
        var dir = new Option<DirectoryInfo>("--dir") { Description = "Corpus folder; reused when its manifest matches. Default: artifacts/bench-latency." };
        var trailWatcher = new Option<FileInfo>("--trailwatcher") { Description = "TrailWatcher executable or .dll. Default: artifacts/app/TrailWatcher from scripts/publish.sh." };
        var cores = new Option<int>("--cores") { Description = "Pin the worker and the scan to cores 0..N-1 with taskset; 0 = both unpinned.", DefaultValueFactory = _ => 0 };
        var noThroughput = new Option<bool>("--no-throughput") { Description = "Skip the burst and the scan (latency only)." };
        var settings = new Option<string[]>("--setting") { Description = "Worker setting Section:Key=value (e.g. Sqs:WaitTimeSeconds=1); repeatable.", AllowMultipleArgumentsPerToken = false };
        var timeout = new Option<int>("--timeout") { Description = "Seconds each phase may wait for its alerts after its last send.", DefaultValueFactory = _ => 120 };
        var sinkDelay = new Option<int>("--sink-delay") { Description = "Milliseconds the webhook receiver holds each answer, to play a sink across a network.", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON instead of a table." };
        var readme = new Option<FileInfo>("--readme") { Description = "Also write the table into the latency block of this markdown file (the README)." };

        var command = new Command("latency", "Notification-to-alert latency and records/s of one worker on the local emulator, against `scan` on the same files.")
        {
            files, perFile, seed, matches, rate, warmup, dir, trailWatcher, cores, noThroughput, settings, timeout, sinkDelay, json, readme,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var root = RepositoryLocator.FindRoot() ?? throw new InvalidOperationException("Run from inside the repository: scripts/emulator.sh is needed.");
            var options = new LatencyOptions
            {
                RepositoryRoot = root,
                CorpusDirectory = parse.GetValue(dir)?.FullName ?? Path.Combine(root, "artifacts", "bench-latency"),
                TrailWatcherPath = parse.GetValue(trailWatcher)?.FullName ?? Path.Combine(root, "artifacts", "app", "TrailWatcher"),
                Files = parse.GetValue(files),
                RecordsPerFile = parse.GetValue(perFile),
                Seed = parse.GetValue(seed),
                Matches = parse.GetValue(matches),
                Rate = parse.GetValue(rate),
                Warmup = parse.GetValue(warmup),
                Cores = parse.GetValue(cores),
                Throughput = !parse.GetValue(noThroughput),
                WorkerSettings = ParseSettings(parse.GetValue(settings) ?? []),
                DrainTimeout = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(timeout))),
                SinkDelay = TimeSpan.FromMilliseconds(Math.Max(0, parse.GetValue(sinkDelay))),
            };

            // The synchronous Invoke in Program.cs passes no cancellation on Ctrl+C or SIGTERM; without this the
            // process would end on the signal and leave the worker and the emulator running.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
            LatencyReport report;
            try
            {
                report = await LatencyBenchmark.RunAsync(options, Console.Error, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync("interrupted: the worker and the emulator were stopped").ConfigureAwait(false);
                return InterruptedExit;
            }

            Console.Write(parse.GetValue(json) ? JsonSerializer.Serialize(report, LatencyJsonContext.Default.LatencyReport) + Environment.NewLine : LatencyTable.Render(report));
            if (parse.GetValue(readme) is { } file)
            {
                var block = $"Measured {DateTime.UtcNow:yyyy-MM-dd} with `dotnet run -c Release --project tests/TrailWatcher.Benchmarks -- latency`:\n\n```\n{MarkdownReport.Relative(LatencyTable.Render(report))}```\n";
                MarkdownReport.Replace(file.FullName, block, "<!-- latency-report:start -->", "<!-- latency-report:end -->");
            }

            return report.AlertsComplete ? 0 : AlertsMissingExit;

            void Cancel(PosixSignalContext context)
            {
                context.Cancel = true;
                stop.Cancel();
            }
        });
        return command;
    }

    /// <summary>Section:Key=value (or the environment form TrailWatcher__Section__Key=value) as the worker's environment variable.</summary>
    private static Dictionary<string, string> ParseSettings(IEnumerable<string> settings)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var setting in settings)
        {
            var equals = setting.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"--setting {setting}: expected Section:Key=value");
            }

            var name = setting[..equals].Replace(":", "__", StringComparison.Ordinal);
            if (!name.StartsWith("TrailWatcher__", StringComparison.Ordinal))
            {
                name = "TrailWatcher__" + name;
            }

            result[name] = setting[(equals + 1)..];
        }

        return result;
    }
}
