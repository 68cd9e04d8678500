namespace TrailWatcher.Detection.Integrity;

/// <summary>A parsed digest and the hex signature stored with its object (null when it carries none).</summary>
public sealed record SignedDigest(DigestFile Digest, string? Signature);
