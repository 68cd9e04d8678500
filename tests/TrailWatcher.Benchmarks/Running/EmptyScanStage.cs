using System.Globalization;

namespace TrailWatcher.Benchmarks.Running;

/// <summary><c>scan</c> of an empty folder with the whole pack: process start, argument parsing and rule loading, nothing else.</summary>
internal static class EmptyScanStage
{
    public const string StageName = "s. empty scan, pack";
    private const int Runs = 7;

    /// <summary>The median of several runs, as one run of a few tens of milliseconds is mostly noise.</summary>
    public static StageResult Run(string trailWatcher, string emptyDirectory)
    {
        Directory.CreateDirectory(emptyDirectory);
        foreach (var stray in Directory.EnumerateFileSystemEntries(emptyDirectory))
        {
            throw new InvalidOperationException($"{emptyDirectory} must be empty; it holds {stray}");
        }

        var runs = Enumerable.Range(0, Runs)
            .Select(_ => MeasuredProcess.Run(FullScanStage.Command(trailWatcher, "scan", emptyDirectory), 1, null, null))
            .OrderBy(r => r.WallSeconds)
            .ToList();
        var median = runs[Runs / 2];
        var note = string.Create(CultureInfo.InvariantCulture, $"median of {Runs}, {median.Pinning}, exit {median.ExitCode}");
        return new StageResult(StageName, 0, 0, median.WallSeconds, note) { CpuSeconds = median.CpuSeconds, PeakRssMegabytes = median.PeakRssMegabytes };
    }
}
