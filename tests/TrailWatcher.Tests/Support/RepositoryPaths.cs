namespace TrailWatcher.Tests.Support;

/// <summary>Finds the repository's folders from the test binary's location.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Corpus => Path.Combine(Root, "tests", "data", "corpus");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TrailWatcher.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("TrailWatcher.sln not found above " + AppContext.BaseDirectory);
    }
}
