namespace TrailWatcher.Benchmarks.Running;

/// <summary>A copy of a TrailWatcher build whose rules folder holds only the seed rule: the baseline the pack's cost is measured against.</summary>
internal static class SeedOnlyBuild
{
    private const string SeedRuleFile = "rules/aws/s3/s3_bucket_logging_disabled.yml";

    /// <summary>Copies the build beside <paramref name="trailWatcher"/> into <paramref name="target"/> (replaced) and returns the copy's executable.</summary>
    /// <remarks>A tuning file disabling the other rules would still parse them all, so the copy leaves them out instead.</remarks>
    public static string Create(string trailWatcher, string target)
    {
        var source = Path.GetDirectoryName(Path.GetFullPath(trailWatcher))!;
        var seedRule = Path.Combine(source, SeedRuleFile);
        if (!File.Exists(seedRule))
        {
            throw new FileNotFoundException($"the build at {source} has no {SeedRuleFile}; publish it with scripts/publish.sh", seedRule);
        }

        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }

        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(Path.Combine(target, Path.GetFileName(file)), File.GetUnixFileMode(file));
            }
        }

        foreach (var folder in Directory.EnumerateDirectories(source).Where(d => Path.GetFileName(d) != "rules"))
        {
            CopyFolder(folder, Path.Combine(target, Path.GetFileName(folder)));
        }

        var copiedRule = Path.Combine(target, SeedRuleFile);
        Directory.CreateDirectory(Path.GetDirectoryName(copiedRule)!);
        File.Copy(seedRule, copiedRule);
        return Path.Combine(target, Path.GetFileName(trailWatcher));
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var folder in Directory.EnumerateDirectories(from))
        {
            CopyFolder(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }
}
