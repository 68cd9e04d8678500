using TrailWatcher.Detection.Integrity;

namespace TrailWatcher.Integrity;

/// <summary>The public keys a digest's signature is checked against; today the saved <c>list-public-keys</c> output (<c>TrailWatcher:Integrity:PublicKeysFile</c>).</summary>
/// <remarks>
/// Asked per digest, so a source that calls CloudTrail's ListPublicKeys for the digest's region and time can take the
/// file's place here without the validator changing.
/// </remarks>
internal sealed class PublicKeySource(Func<TrailPublicKeySet> load)
{
    private readonly Lazy<TrailPublicKeySet> _keys = new(load);

    /// <summary>Keys read from <paramref name="path"/> on first use; a broken file is reported by <see cref="IntegrityOptions"/>' start checks first.</summary>
    public static PublicKeySource FromFile(string path) => new(() => TrailPublicKeySet.Parse(File.ReadAllText(path), path));

    /// <summary>The keys that may have signed <paramref name="digest"/>.</summary>
    public ValueTask<TrailPublicKeySet> ForAsync(DigestFile digest, CancellationToken cancellationToken) => ValueTask.FromResult(_keys.Value);
}
