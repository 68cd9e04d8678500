namespace TrailWatcher.IntegrationTests.Infrastructure;

/// <summary>Locates the repository checkout the test assembly was built from.</summary>
internal static class RepositoryRoot
{
    private const string Marker = "TrailWatcher.sln";

    /// <summary>Walks up from the test binaries until the solution file is found.</summary>
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, Marker)))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"Cannot find {Marker} above {AppContext.BaseDirectory}; the integration tests must run from a repository checkout.");
    }
}
