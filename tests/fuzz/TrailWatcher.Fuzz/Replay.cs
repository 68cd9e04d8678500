namespace TrailWatcher.Fuzz;

/// <summary>Runs saved inputs (a crash afl-fuzz found, a corpus) through a target outside afl-fuzz.</summary>
internal static class Replay
{
    public static int Run(IFuzzTarget target, IEnumerable<string> paths)
    {
        var failed = 0;
        foreach (var path in paths.SelectMany(Expand))
        {
            try
            {
                target.Run(File.ReadAllBytes(path));
            }
#pragma warning disable CA1031 // Replay reports every escaping exception: that is what it is for.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failed++;
                Console.WriteLine($"{path}: {ex.GetType().FullName}: {ex.Message}");
                Console.WriteLine(ex.StackTrace);
            }
        }

        return failed == 0 ? 0 : 1;
    }

    private static IEnumerable<string> Expand(string path) =>
        Directory.Exists(path) ? Directory.EnumerateFiles(path).Order(StringComparer.Ordinal) : [path];
}
