namespace TrailWatcher.Detection.Integrity;

/// <summary>What a digest check found wrong with a trail.</summary>
public enum IntegrityFindingKind
{
    /// <summary>The digest's signature does not verify with the key its fingerprint names (or it carries none).</summary>
    SignatureInvalid,

    /// <summary>No public key in the key file has the fingerprint the digest names.</summary>
    UnknownPublicKey,

    /// <summary>A log file the digest lists is not in the bucket.</summary>
    LogFileMissing,

    /// <summary>A log file's uncompressed content does not hash to the value the digest lists.</summary>
    LogFileHashMismatch,

    /// <summary>A digest's reference to its previous digest does not match that digest (object, hash or signature).</summary>
    ChainBroken,

    /// <summary>A digest names a previous digest that is not in the bucket.</summary>
    DigestMissing,

    /// <summary>A digest object is not a digest CloudTrail could have written (bad JSON, missing field, unknown algorithm).</summary>
    MalformedDigest,

    /// <summary>A digest was read from another place than the bucket and key written inside it.</summary>
    DigestMisplaced,

    /// <summary>A log file lies where the trail writes, within the time the digests read cover, but no digest lists it (only where listing every file is cheap, as in a local copy).</summary>
    LogFileUnlisted,
}
