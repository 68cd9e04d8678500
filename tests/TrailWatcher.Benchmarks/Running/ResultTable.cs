using System.Globalization;
using System.Text;

namespace TrailWatcher.Benchmarks.Running;

/// <summary>Renders a <see cref="BenchmarkReport"/> as the fixed-width table printed at the end of a run.</summary>
internal static class ResultTable
{
    public static string Render(BenchmarkReport report)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"machine: {report.Machine}");
        text.AppendLine(c, $"corpus: {report.CorpusDirectory} ({(report.CorpusReused ? "reused" : $"generated in {report.GenerationSeconds:F2} s")})");
        text.AppendLine(c, $"        {report.Files:N0} files, {report.Records:N0} records, {report.CompressedBytes / 1e6:F1} MB gzip, {report.UncompressedBytes / 1e6:F1} MB JSON, {report.AverageRecordBytes:F0} B/record");
        text.AppendLine();
        text.AppendLine(c, $"{"stage",-32} {"records",9} {"MB",7} {"seconds",8} {"records/s",11} {"MB/s",6} {"x base",7} {"cpu s",6} {"RSS MB",6}  note");
        foreach (var s in report.Stages)
        {
            var ratio = s.RatioToBaseline is { } r ? r.ToString("F2", c) : "-";
            var cpu = s.CpuSeconds is { } cs ? cs.ToString("F2", c) : "-";
            var rss = s.PeakRssMegabytes is { } m ? m.ToString("F0", c) : "-";
            text.AppendLine(c, $"{s.Stage,-32} {s.Records,9:N0} {s.UncompressedBytes / 1e6,7:F1} {s.Seconds,8:F3} {s.RecordsPerSecond,11:N0} {s.MegabytesPerSecond,6:F0} {ratio,7} {cpu,6} {rss,6}  {s.Note}");
        }

        if (report.Goals.Count > 0)
        {
            text.AppendLine();
            foreach (var goal in report.Goals)
            {
                var verdict = goal.Met switch { true => "met", false => "NOT MET", null => "measured" };
                text.AppendLine(c, $"goal {goal.Goal}: {verdict,-8} {goal.Measured}");
            }
        }

        foreach (var scan in report.Scans)
        {
            text.AppendLine();
            text.AppendLine(c, $"{scan.Stage}: {scan.Command}");
            text.AppendLine(c, $"      exit {scan.ExitCode}, {scan.AlertLines} alert lines, {scan.RuleAlertLines} for {Generation.SyntheticTrailManifest.RuleId}; planted {scan.Expected}, missing {scan.Missing.Count}, unexpected {scan.Unexpected.Count} (decoys {scan.DecoysAlerted.Count}), duplicates {scan.DuplicateAlerts}");
            text.AppendLine(scan.ExactlyPlantedAlerted ? "      OK: exactly the planted events alerted" : "      MISMATCH: the alerts differ from the planted events");
            foreach (var id in scan.Missing)
            {
                text.AppendLine(c, $"      missing    {id}");
            }

            foreach (var id in scan.Unexpected)
            {
                text.AppendLine(c, $"      unexpected {id}{(scan.DecoysAlerted.Contains(id) ? " (decoy)" : "")}");
            }

            if (!scan.ExactlyPlantedAlerted && scan.StderrTail.Length > 0)
            {
                text.AppendLine("      stderr:");
                foreach (var line in scan.StderrTail.Split('\n'))
                {
                    text.AppendLine(c, $"        {line.TrimEnd()}");
                }
            }
        }

        foreach (var note in report.Notes)
        {
            text.AppendLine(c, $"note: {note}");
        }

        return text.ToString();
    }
}
