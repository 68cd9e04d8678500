namespace TrailWatcher.Detection.Tests.TestSupport;

/// <summary>Finds folders of the repository from the test binaries' location.</summary>
internal static class RepoPaths
{
    public static string Root
    {
        get
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

    public static string RulesDirectory => Path.Combine(Root, "rules");
}
