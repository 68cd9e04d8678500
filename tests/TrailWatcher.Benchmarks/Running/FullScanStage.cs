using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using TrailWatcher.Benchmarks.Generation;

namespace TrailWatcher.Benchmarks.Running;

/// <summary>Stage (c): runs <c>TrailWatcher scan DIR</c> as its own process, timed from spawn to exit, and checks its alerts against the manifest.</summary>
internal static class FullScanStage
{
    public const string StageName = "c. TrailWatcher scan";
    private const int StderrTailLines = 20;

    public static (StageResult Result, ScanOutcome Outcome) Run(string trailWatcher, string scanDirectory, int cores, SyntheticTrailManifest manifest)
    {
        var start = BuildStartInfo(trailWatcher, scanDirectory, cores, out var pinned);
        var stderr = new StringBuilder();
        var eventIds = new List<string>();
        var alertLines = 0;
        var gate = new Lock();

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line && TryReadAlert(line, out var eventId, out var forRule))
            {
                lock (gate)
                {
                    alertLines++;
                    if (forRule)
                    {
                        eventIds.Add(eventId);
                    }
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (gate)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };

        // Timed from spawn to exit: process start and rule loading are part of what a scan costs.
        var watch = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        watch.Stop();

        var expected = manifest.ExpectedAlertEventIds.ToHashSet(StringComparer.Ordinal);
        var decoys = manifest.Planted.Where(p => p.Kind != PlantKind.LoggingDisabled).Select(p => p.EventId).ToHashSet(StringComparer.Ordinal);
        var alerted = eventIds.ToHashSet(StringComparer.Ordinal);
        var outcome = new ScanOutcome
        {
            Command = string.Join(' ', new[] { start.FileName }.Concat(start.ArgumentList)),
            ExitCode = process.ExitCode,
            AlertLines = alertLines,
            RuleAlertLines = eventIds.Count,
            Expected = expected.Count,
            Missing = [.. expected.Where(id => !alerted.Contains(id)).Order(StringComparer.Ordinal)],
            Unexpected = [.. alerted.Where(id => !expected.Contains(id)).Order(StringComparer.Ordinal)],
            DecoysAlerted = [.. alerted.Where(decoys.Contains).Order(StringComparer.Ordinal)],
            DuplicateAlerts = eventIds.Count - alerted.Count,
            StderrTail = Tail(stderr.ToString(), StderrTailLines),
        };
        var note = string.Create(CultureInfo.InvariantCulture, $"{(pinned is null ? "unpinned" : "taskset -c " + pinned)}, exit {process.ExitCode}");
        return (new StageResult(StageName, manifest.TotalRecords, manifest.UncompressedBytes, watch.Elapsed.TotalSeconds, note), outcome);
    }

    private static ProcessStartInfo BuildStartInfo(string trailWatcher, string scanDirectory, int cores, out string? pinned)
    {
        var command = new List<string>();
        pinned = null;
        if (OperatingSystem.IsLinux() && File.Exists("/usr/bin/taskset"))
        {
            pinned = cores <= 1 ? "0" : string.Create(CultureInfo.InvariantCulture, $"0-{cores - 1}");
            command.AddRange(["/usr/bin/taskset", "-c", pinned]);
        }

        if (trailWatcher.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            command.Add("dotnet");
        }

        command.AddRange([trailWatcher, "scan", scanDirectory]);
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private static bool TryReadAlert(string line, out string eventId, out bool forRule)
    {
        eventId = "";
        forRule = false;
        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("event_id", out var id)
                || id.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            eventId = id.GetString() ?? "";
            // The alert's shape beyond event_id is not fixed yet; naming the rule anywhere is enough.
            forRule = line.Contains(SyntheticTrailManifest.RuleId, StringComparison.Ordinal);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Tail(string text, int lines)
    {
        var all = text.TrimEnd().Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }
}
