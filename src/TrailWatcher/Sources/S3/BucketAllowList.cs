namespace TrailWatcher.Sources.S3;

/// <summary>
/// The buckets (and key prefixes) the worker may read: whoever can send to the queue could otherwise make it read any
/// bucket its role reaches and feed that data to the rules and sinks.
/// </summary>
internal sealed class BucketAllowList
{
    private readonly (string Bucket, string Prefix)[] _entries;

    private BucketAllowList((string Bucket, string Prefix)[] entries) => _entries = entries;

    /// <summary>True when no entry is configured: every bucket is read (the documented default for a first setup).</summary>
    public bool AllowsAll => _entries.Length == 0;

    /// <summary>The list from <c>TrailWatcher:S3:AllowedBuckets</c>: entries <c>bucket</c> or <c>bucket/prefix</c>.</summary>
    public static BucketAllowList From(IEnumerable<string> entries) =>
        new([.. entries.Select(Split).Where(e => e.Bucket.Length > 0)]);

    /// <summary>True when the object's bucket is listed and its key starts with one of that bucket's prefixes.</summary>
    public bool Allows(string bucket, string key) =>
        AllowsAll || _entries.Any(e => string.Equals(e.Bucket, bucket, StringComparison.Ordinal) && key.StartsWith(e.Prefix, StringComparison.Ordinal));

    /// <summary>True when some object under <paramref name="prefix"/> of <paramref name="bucket"/> may be read: an entry lies within the prefix, or the prefix within an entry.</summary>
    public bool Overlaps(string bucket, string prefix) =>
        AllowsAll || _entries.Any(e => string.Equals(e.Bucket, bucket, StringComparison.Ordinal)
            && (prefix.StartsWith(e.Prefix, StringComparison.Ordinal) || e.Prefix.StartsWith(prefix, StringComparison.Ordinal)));

    /// <summary>Problems with one entry, for the setting's validation; null when it is a well-formed bucket name with an optional prefix.</summary>
    public static string? Problem(string entry)
    {
        var (bucket, _) = Split(entry);
        // S3's naming rules: 3 to 63 characters of lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit.
        if (bucket.Length is < 3 or > 63
            || !bucket.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-')
            || !char.IsAsciiLetterOrDigit(bucket[0])
            || !char.IsAsciiLetterOrDigit(bucket[^1]))
        {
            return $"'{entry}' is not a bucket name (3-63 lowercase letters, digits, dots and hyphens), optionally followed by /prefix";
        }

        return null;
    }

    private static (string Bucket, string Prefix) Split(string entry)
    {
        var text = entry.Trim();
        if (text.StartsWith("s3://", StringComparison.Ordinal))
        {
            text = text["s3://".Length..];
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (text, "") : (text[..slash], text[(slash + 1)..]);
    }
}
