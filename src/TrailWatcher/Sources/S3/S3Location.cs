namespace TrailWatcher.Sources.S3;

/// <summary>A bucket and key prefix the user named as <c>s3://BUCKET</c> or <c>s3://BUCKET/PREFIX</c>.</summary>
internal sealed record S3Location(string Bucket, string Prefix)
{
    public const string Scheme = "s3://";

    public static bool Looks(string text) => text.StartsWith(Scheme, StringComparison.Ordinal);

    /// <summary>The location, or null when <paramref name="text"/> is not <c>s3://BUCKET[/PREFIX]</c>.</summary>
    public static S3Location? TryParse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!Looks(text))
        {
            return null;
        }

        var rest = text[Scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        return bucket.Length == 0 ? null : new S3Location(bucket, slash < 0 ? "" : rest[(slash + 1)..]);
    }

    public override string ToString() => $"{Scheme}{Bucket}/{Prefix}";
}
