using TrailWatcher.Detection.Reading;

namespace TrailWatcher.Sources;

/// <summary>Expands the paths given to <c>scan</c> into log files: directories recursively, digests and non-logs left out.</summary>
internal static class ScanInputs
{
    public static ScanInputList Expand(IEnumerable<string> paths)
    {
        var files = new List<string>();
        var skipped = new List<string>();
        var missing = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                // A file named explicitly is read unless it is a digest: the user asked for it.
                if (LogObjectClassifier.Classify(path) == LogObjectKind.Digest)
                {
                    skipped.Add(path);
                }
                else
                {
                    files.Add(path);
                }
            }
            else if (Directory.Exists(path))
            {
                var found = Directory.EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System })
                    .Order(StringComparer.Ordinal);
                foreach (var file in found)
                {
                    if (IsLogFile(file))
                    {
                        files.Add(file);
                    }
                    else
                    {
                        skipped.Add(file);
                    }
                }
            }
            else
            {
                missing.Add(path);
            }
        }

        return new ScanInputList(files, skipped, missing);
    }

    /// <summary>A file found in a directory is read when it is a CloudTrail log (not a digest) stored as <c>.json.gz</c> or <c>.json</c>.</summary>
    internal static bool IsLogFile(string path) =>
        LogObjectClassifier.Classify(path) == LogObjectKind.CloudTrailLog && IsScannedExtension(path);

    private static bool IsScannedExtension(string path) =>
        path.EndsWith(".json.gz", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
}
