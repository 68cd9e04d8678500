using System.Globalization;
using System.Text;

namespace TrailWatcher.Benchmarks.Latency;

/// <summary>Renders a <see cref="LatencyReport"/> as the fixed-width table printed at the end of a latency run.</summary>
internal static class LatencyTable
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Render(LatencyReport report)
    {
        var text = new StringBuilder();
        var flow = report.Flow;
        var load = report.Machine.LoadAverage is { } l ? string.Create(C, $", load average {l:F2} at start") : "";
        text.AppendLine(C, $"machine: {report.Machine.Cpu}, {report.Machine.Cores} logical cores, {report.Machine.Os}{load}");
        text.AppendLine(C, $"worker:  {report.TrailWatcher} run ({report.Pinning}); emulator and benchmark unpinned on the same machine");
        text.AppendLine(C, $"corpus:  {report.CorpusDirectory} ({(report.CorpusReused ? "reused" : "generated")}), {report.RecordsPerFile:N0} records per file, {report.CompressedBytes / 1e6:F1} MB gzip in all");
        text.AppendLine(C, $"warm-up: {report.WarmupFiles} files sent and waited for before the flow");
        if (report.SinkDelayMs > 0)
        {
            text.AppendLine(C, $"sink:    the webhook receiver held each answer {report.SinkDelayMs:F0} ms");
        }

        text.AppendLine();

        var rows = new List<(string Measure, string Value, string Goal, string Verdict)>
        {
            ("files sent", $"{flow.FilesSent:N0}", "", ""),
            ("rate, files/s (target / achieved)", $"{flow.TargetRate:F1} / {flow.AchievedRate:F1}", "", ""),
            ("max send lag behind schedule, ms", Ms(flow.MaxSendLagMs), "", ""),
            ("alerts expected / received", $"{flow.AlertsExpected:N0} / {flow.AlertsReceived:N0}", "all", flow.AlertsMissing == 0 ? "pass" : $"FAIL ({flow.AlertsMissing:N0} missing)"),
            ("unexpected / duplicate / other-rule alerts", $"{flow.UnexpectedAlerts:N0} / {flow.DuplicateAlerts:N0} / {flow.OtherRuleAlerts:N0}", "", ""),
            ("latency samples (files with a match)", $"{flow.Latency.Samples:N0} of {flow.FilesWithMatches:N0}", "", ""),
            ("latency p50, ms", Ms(flow.Latency.P50), "", ""),
            ("latency p90, ms", Ms(flow.Latency.P90), "", ""),
            ("latency p99, ms", Ms(flow.Latency.P99), $"< {LatencyReport.P99GoalMs:F0}", report.P99Met ? "pass" : "FAIL"),
            ("latency max / mean, ms", $"{Ms(flow.Latency.Max)} / {Ms(flow.Latency.Mean)}", "", ""),
            ("worker mean time per object, ms", Ms(flow.WorkerObjectMeanMs), "", ""),
        };
        if (report.Burst is { } burst)
        {
            rows.Add(("burst: files / records", $"{burst.Files:N0} / {burst.Records:N0}", "", burst.AlertsMissing == 0 ? "" : $"FAIL ({burst.AlertsMissing:N0} alerts missing)"));
            rows.Add(("burst: seconds (sending took)", $"{burst.Seconds:F2} ({burst.SendSeconds:F2})", "", ""));
            rows.Add(("worker records/s", $"{burst.RecordsPerSecond:N0}", "", ""));
            rows.Add(("burst CPU s: worker / emulator / benchmark", $"{Cpu(burst.WorkerCpuSeconds)} / {Cpu(burst.EmulatorCpuSeconds)} / {Cpu(burst.BenchmarkCpuSeconds)}", "", ""));
        }

        if (report.Scan is { } scan)
        {
            rows.Add(("scan seconds (CPU s)", $"{scan.Seconds:F2} ({Cpu(scan.CpuSeconds)})", "", ""));
            rows.Add(("scan records/s", $"{scan.RecordsPerSecond:N0}", "", ""));
        }

        if (report.ScanFromS3 is { } fromS3)
        {
            rows.Add(("scan from S3 on the emulator: seconds (CPU s)", $"{fromS3.Seconds:F2} ({Cpu(fromS3.CpuSeconds)})", "", ""));
            rows.Add(("scan from S3 records/s", $"{fromS3.RecordsPerSecond:N0}", "", ""));
        }

        if (report.Ratio is { } ratio)
        {
            rows.Add(("worker / scan records/s", $"{ratio:F2}", $">= {LatencyReport.RatioGoal:F1}", report.RatioMet == true ? "pass" : "FAIL"));
        }

        var widths = (
            Measure: Math.Max("measure".Length, rows.Max(r => r.Measure.Length)),
            Value: Math.Max("value".Length, rows.Max(r => r.Value.Length)),
            Goal: Math.Max("goal".Length, rows.Max(r => r.Goal.Length)));
        text.AppendLine(C, $"{"measure".PadRight(widths.Measure)}  {"value".PadLeft(widths.Value)}  {"goal".PadRight(widths.Goal)}  result");
        text.AppendLine(new string('-', widths.Measure + widths.Value + widths.Goal + 14));
        foreach (var (measure, value, goal, verdict) in rows)
        {
            var row = string.Create(C, $"{measure.PadRight(widths.Measure)}  {value.PadLeft(widths.Value)}  {goal.PadRight(widths.Goal)}  {verdict}");
            text.AppendLine(row.TrimEnd());
        }

        if (report.Scan is { } s)
        {
            text.AppendLine();
            text.AppendLine(C, $"scan: {s.Command}: exit {s.ExitCode}, {s.RuleAlerts:N0} alerts of the planted rule");
        }

        if (report.ScanFromS3 is { } s3)
        {
            text.AppendLine(C, $"scan: {s3.Command}: exit {s3.ExitCode}, {s3.RuleAlerts:N0} alerts of the planted rule");
        }

        if (report.WorkerSettings.Count > 0)
        {
            text.AppendLine("worker settings:");
            foreach (var (name, value) in report.WorkerSettings.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                text.AppendLine(C, $"  {name}={value}");
            }
        }

        foreach (var note in report.Notes)
        {
            text.AppendLine(C, $"note: {note}");
        }

        return text.ToString();
    }

    private static string Cpu(double? seconds) => seconds is { } s ? s.ToString("F2", C) : "-";

    private static string Ms(double value) => double.IsNaN(value) ? "-" : value.ToString("F0", C);
}
