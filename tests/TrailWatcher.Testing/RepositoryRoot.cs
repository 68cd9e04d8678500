namespace TrailWatcher.Testing;

/// <summary>The repository checkout the tests were built from: the folder above the test binaries that holds TrailWatcher.sln.</summary>
public static class RepositoryRoot
{
    private const string Marker = "TrailWatcher.sln";

    public static string FullName { get; } = Find();

    /// <summary>A path under the repository root.</summary>
    public static string Combine(params string[] parts) => Path.Combine([FullName, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, Marker)))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"{Marker} not found above {AppContext.BaseDirectory}; the tests run from a repository checkout");
    }
}
