namespace TrailWatcher.Detection.Integrity;

/// <summary>One entry of a digest's <c>logFiles</c>: where a log file is and the SHA-256 of its uncompressed content.</summary>
public sealed record DigestLogFile(string Bucket, string Key, string HashValue, DateTimeOffset? OldestEventTime, DateTimeOffset? NewestEventTime)
{
    /// <summary>The log file as s3://bucket/key.</summary>
    public string Location => $"s3://{Bucket}/{Key}";
}
