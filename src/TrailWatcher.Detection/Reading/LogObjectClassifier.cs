namespace TrailWatcher.Detection.Reading;

/// <summary>Decides from an S3 key or file path whether an object is a CloudTrail log worth reading.</summary>
public static class LogObjectClassifier
{
    private static readonly char[] Separators = ['/', '\\'];

    /// <summary>Classifies <paramref name="keyOrPath"/> (an S3 key, s3:// URI or file path; <c>/</c> or <c>\</c> separated).</summary>
    public static LogObjectKind Classify(string keyOrPath)
    {
        ArgumentNullException.ThrowIfNull(keyOrPath);
        // Keys ending in a separator are the zero-byte "folders" the console creates.
        if (keyOrPath.Length == 0 || keyOrPath[^1] is '/' or '\\')
        {
            return LogObjectKind.NotALog;
        }

        var nameStart = keyOrPath.LastIndexOfAny(Separators) + 1;
        var name = keyOrPath.AsSpan(nameStart);
        if (name.Contains("_CloudTrail-Digest_", StringComparison.OrdinalIgnoreCase)
            || HasFolder(keyOrPath.AsSpan(0, nameStart), "CloudTrail-Digest"))
        {
            return LogObjectKind.Digest;
        }

        // AWS writes a small probe object when it checks it can write to the bucket.
        if (name.StartsWith("ConfigWritabilityCheckFile", StringComparison.OrdinalIgnoreCase))
        {
            return LogObjectKind.NotALog;
        }

        return name.EndsWith(".json.gz", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
                ? LogObjectKind.CloudTrailLog
                : LogObjectKind.NotALog;
    }

    private static bool HasFolder(ReadOnlySpan<char> folders, string folder)
    {
        foreach (var range in folders.SplitAny(Separators))
        {
            if (folders[range].Equals(folder, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
