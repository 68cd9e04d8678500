using TrailWatcher.Detection.Integrity;

namespace TrailWatcher.Detection.Tests.Integrity;

/// <summary>A bucket in memory: the objects of a <see cref="SignedTrail"/>, as they are at the time of each read.</summary>
internal sealed class MemoryTrailStore(SignedTrail trail) : ITrailObjectStore
{
    public Task<StoredObject?> OpenAsync(string bucket, string key, CancellationToken cancellationToken) =>
        Task.FromResult(bucket == trail.Bucket && trail.Objects.TryGetValue(key, out var found)
            ? new StoredObject(new MemoryStream(found.Content, writable: false), found.Signature)
            : null);

    /// <summary>Verifies every digest in the trail with the given key file (the trail's own key by default).</summary>
    public static Task<TrailReport> VerifyAsync(SignedTrail trail, string? keyFile = null)
    {
        var keys = TrailPublicKeySet.Parse(keyFile ?? trail.PublicKeyFile(), "keys.json");
        var digests = trail.Objects.Keys.Select(DigestObjectKey.TryParse).OfType<DigestObjectKey>().ToList();
        return new TrailVerifier(new MemoryTrailStore(trail), keys).VerifyAsync(trail.Bucket, digests);
    }
}
