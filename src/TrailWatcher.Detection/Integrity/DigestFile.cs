namespace TrailWatcher.Detection.Integrity;

/// <summary>A parsed CloudTrail digest file, with the SHA-256 of the uncompressed bytes it was parsed from.</summary>
public sealed record DigestFile
{
    public required string AccountId { get; init; }

    public required DateTimeOffset StartTime { get; init; }

    public required DateTimeOffset EndTime { get; init; }

    /// <summary><c>digestEndTime</c> exactly as written: the signature covers this text, not a re-formatted time.</summary>
    public required string EndTimeText { get; init; }

    public required string Bucket { get; init; }

    public required string Key { get; init; }

    public required string PublicKeyFingerprint { get; init; }

    /// <summary>The previous digest, or null for a starting digest (validation just enabled or restarted).</summary>
    public PreviousDigest? Previous { get; init; }

    public required IReadOnlyList<DigestLogFile> LogFiles { get; init; }

    /// <summary>Lower-case hex SHA-256 of the uncompressed digest content; the next digest's <c>previousDigestHashValue</c>.</summary>
    public required string ContentHash { get; init; }

    /// <summary>The digest as s3://bucket/key, from its own fields.</summary>
    public string Location => $"s3://{Bucket}/{Key}";
}
