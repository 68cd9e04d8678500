namespace TrailWatcher.Detection.Integrity;

/// <summary>What a digest says about the digest before it in its chain: where it is, the SHA-256 of its uncompressed content and its signature.</summary>
public sealed record PreviousDigest(string Bucket, string Key, string HashValue, string Signature)
{
    /// <summary>The previous digest as s3://bucket/key.</summary>
    public string Location => $"s3://{Bucket}/{Key}";
}
