namespace TrailWatcher.Testing;

/// <summary>An object of a <see cref="SignedTrail"/>: its bytes as stored and, for a digest, its x-amz-meta-signature.</summary>
public sealed record TrailObject(byte[] Content, string? Signature);
