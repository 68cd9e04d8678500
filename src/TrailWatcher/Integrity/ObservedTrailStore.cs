using TrailWatcher.Detection.Integrity;

namespace TrailWatcher.Integrity;

/// <summary>Passes reads on to a store and tells each key asked for, so a command can show progress and know which log files the digests listed.</summary>
internal sealed class ObservedTrailStore(ITrailObjectStore inner, Action<string> asked) : ITrailObjectStore
{
    public Task<StoredObject?> OpenAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        asked(key);
        return inner.OpenAsync(bucket, key, cancellationToken);
    }
}
