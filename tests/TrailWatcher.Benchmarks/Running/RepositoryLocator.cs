namespace TrailWatcher.Benchmarks.Running;

/// <summary>Finds the repository root (the folder holding TrailWatcher.sln) and default paths under it.</summary>
internal static class RepositoryLocator
{
    private const string SolutionFile = "TrailWatcher.sln";

    public static string? FindRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }

    public static string DefaultCorpusDirectory() =>
        Path.Combine(FindRoot() ?? Path.GetTempPath(), "artifacts", "bench-corpus");

    /// <summary>The published (native) worker from scripts/publish.sh, as it ships; else the Release build's apphost or .dll.</summary>
    public static string? DefaultTrailWatcherPath()
    {
        if (FindRoot() is not { } root)
        {
            return null;
        }

        var published = Path.Combine(root, "artifacts", "app", OperatingSystem.IsWindows() ? "TrailWatcher.exe" : "TrailWatcher");
        if (File.Exists(published))
        {
            return published;
        }

        var bin = Path.Combine(root, "src", "TrailWatcher", "bin", "Release", "net10.0");
        var apphost = Path.Combine(bin, OperatingSystem.IsWindows() ? "TrailWatcher.exe" : "TrailWatcher");
        var dll = Path.Combine(bin, "TrailWatcher.dll");
        return File.Exists(apphost) ? apphost : File.Exists(dll) ? dll : null;
    }
}
