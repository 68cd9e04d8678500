namespace TrailWatcher.Detection.Integrity;

/// <summary>Where a trail's digests and log files are read from (S3 for the command, anything else for tests or a replica).</summary>
public interface ITrailObjectStore
{
    /// <summary>The object's bytes as stored (gzipped or not) and its <c>x-amz-meta-signature</c>; null when there is no such object.</summary>
    Task<StoredObject?> OpenAsync(string bucket, string key, CancellationToken cancellationToken);
}
