using System.Globalization;
using System.Text.RegularExpressions;
using System.Text.Json;
using TrailWatcher.Benchmarks.Generation;

namespace TrailWatcher.Benchmarks.Running;

/// <summary>Stage (c): runs <c>TrailWatcher scan DIR</c> as its own process, timed from spawn to exit, and checks its alerts against the manifest.</summary>
internal static partial class FullScanStage
{
    private const int StderrTailLines = 20;

    public static (StageResult Result, ScanOutcome Outcome) Run(string trailWatcher, string scanDirectory, ScanVariant variant, SyntheticTrailManifest manifest)
    {
        var eventIds = new List<string>();
        var alertLines = 0;
        var command = Command(trailWatcher, "scan", scanDirectory);

        // Timed from spawn to exit: process start and rule loading are part of what a scan costs.
        var run = MeasuredProcess.Run(command, variant.Cores, variant.Environment, line =>
        {
            if (TryReadAlert(line, out var eventId, out var forRule))
            {
                alertLines++;
                if (forRule)
                {
                    eventIds.Add(eventId);
                }
            }
        });

        var parsed = ParsedShare().Match(run.Stderr);
        var expected = manifest.ExpectedAlertEventIds.ToHashSet(StringComparer.Ordinal);
        var decoys = manifest.Planted.Where(p => p.Kind != PlantKind.LoggingDisabled).Select(p => p.EventId).ToHashSet(StringComparer.Ordinal);
        var alerted = eventIds.ToHashSet(StringComparer.Ordinal);
        var outcome = new ScanOutcome
        {
            Stage = variant.Stage,
            Command = string.Join(' ', command),
            ExitCode = run.ExitCode,
            AlertLines = alertLines,
            RuleAlertLines = eventIds.Count,
            Expected = expected.Count,
            Missing = [.. expected.Where(id => !alerted.Contains(id)).Order(StringComparer.Ordinal)],
            Unexpected = [.. alerted.Where(id => !expected.Contains(id)).Order(StringComparer.Ordinal)],
            DecoysAlerted = [.. alerted.Where(decoys.Contains).Order(StringComparer.Ordinal)],
            DuplicateAlerts = eventIds.Count - alerted.Count,
            StderrTail = Tail(run.Stderr, StderrTailLines),
            ParsedPercent = parsed.Success ? double.Parse(parsed.Groups[1].Value, CultureInfo.InvariantCulture) : null,
        };
        var share = parsed.Success ? $", {parsed.Groups[1].Value} % parsed" : "";
        var note = string.Create(CultureInfo.InvariantCulture, $"{run.Pinning}, exit {run.ExitCode}, {alertLines:N0} alerts{share}");
        var result = new StageResult(variant.Stage, manifest.TotalRecords, manifest.UncompressedBytes, run.WallSeconds, note)
        {
            CpuSeconds = run.CpuSeconds,
            PeakRssMegabytes = run.PeakRssMegabytes,
        };
        return (result, outcome);
    }

    /// <summary>The command line that runs <paramref name="trailWatcher"/> (an executable, or a .dll through <c>dotnet</c>) with these arguments.</summary>
    public static List<string> Command(string trailWatcher, params string[] arguments)
    {
        var command = new List<string>();
        if (trailWatcher.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            command.Add("dotnet");
        }

        command.Add(trailWatcher);
        command.AddRange(arguments);
        return command;
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
            // The pack's correlations name the seed rule among the rules they read; only its own alerts count here.
            forRule = document.RootElement.TryGetProperty("rule_id", out var rule)
                && rule.ValueKind == JsonValueKind.String
                && rule.ValueEquals(SyntheticTrailManifest.RuleId);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // The scan's summary line: "..., 12,345 records parsed (3.1 %) in ...".
    [GeneratedRegex(@"records parsed \(([0-9.]+) %\)")]
    private static partial Regex ParsedShare();

    private static string Tail(string text, int lines)
    {
        var all = text.TrimEnd().Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }
}
