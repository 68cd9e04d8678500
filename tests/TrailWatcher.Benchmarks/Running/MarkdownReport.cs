using System.Globalization;
using System.Text;

namespace TrailWatcher.Benchmarks.Running;

/// <summary>The report as the markdown block the README carries, and the rewrite of that block in place.</summary>
internal static class MarkdownReport
{
    public const string StartMarker = "<!-- benchmark-report:start -->";
    public const string EndMarker = "<!-- benchmark-report:end -->";

    public static string Render(BenchmarkReport report, string command)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"Measured on {report.Machine}, {DateTime.UtcNow:yyyy-MM-dd}, with `{command}`: {report.Records:N0} synthetic records in {report.Files:N0} files ({report.UncompressedBytes / 1e6:F0} MB JSON, {report.CompressedBytes / 1e6:F0} MB gzip). Scans are whole processes pinned to one core unless the stage says two; `x gunzip` is the stage's wall time over bare decompression's, measured in the same run.");
        text.AppendLine();
        text.AppendLine("| stage | seconds | records/s | x gunzip | CPU s | peak RSS MB | note |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var s in report.Stages)
        {
            var ratio = s.RatioToBaseline is { } r ? r.ToString("F2", c) : "";
            var cpu = s.CpuSeconds is { } cs ? cs.ToString("F2", c) : "";
            var rss = s.PeakRssMegabytes is { } m ? m.ToString("F0", c) : "";
            var rate = s.Records > 0 ? s.RecordsPerSecond.ToString("N0", c) : "";
            text.AppendLine(c, $"| {Cell(s.Stage)} | {s.Seconds:F3} | {rate} | {ratio} | {cpu} | {rss} | {Cell(s.Note)} |");
        }

        text.AppendLine();
        text.AppendLine("| goal | verdict | measured |");
        text.AppendLine("|---|---|---|");
        foreach (var goal in report.Goals)
        {
            var verdict = goal.Met switch { true => "met", false => "not met", null => "measured" };
            text.AppendLine(c, $"| {goal.Goal} | {verdict} | {Cell(goal.Measured)} |");
        }

        return text.ToString();
    }

    /// <summary>Text for a table cell: a pipe inside it would end the cell.</summary>
    public static string Cell(string? text) => (text ?? "").Replace("|", "\\|", StringComparison.Ordinal);

    /// <summary>Paths under the repository written relative to it, so the README names no one's machine.</summary>
    public static string Relative(string text) =>
        RepositoryLocator.FindRoot() is { } root ? text.Replace(root + Path.DirectorySeparatorChar, "", StringComparison.Ordinal) : text;

    /// <summary>Replaces what lies between the report's markers in <paramref name="path"/> with <paramref name="block"/>.</summary>
    /// <exception cref="InvalidOperationException">The file lacks the markers, in that order.</exception>
    public static void Replace(string path, string block) => Replace(path, block, StartMarker, EndMarker);

    /// <summary>Replaces what lies between <paramref name="startMarker"/> and <paramref name="endMarker"/> in <paramref name="path"/>.</summary>
    /// <exception cref="InvalidOperationException">The file lacks the markers, in that order.</exception>
    public static void Replace(string path, string block, string startMarker, string endMarker)
    {
        var text = File.ReadAllText(path);
        var start = text.IndexOf(startMarker, StringComparison.Ordinal);
        var end = text.IndexOf(endMarker, StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            throw new InvalidOperationException($"{path} has no {startMarker} ... {endMarker} block to replace");
        }

        var head = text[..(start + startMarker.Length)];
        File.WriteAllText(path, head + "\n" + block + text[end..]);
    }
}
