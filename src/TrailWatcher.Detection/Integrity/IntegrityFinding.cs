namespace TrailWatcher.Detection.Integrity;

/// <summary>One problem with a trail: its kind, the object it is about (s3://bucket/key) and what exactly is wrong.</summary>
public sealed record IntegrityFinding(IntegrityFindingKind Kind, string Subject, string Detail)
{
    /// <summary>One line for a terminal or a log: the kind in capitals, the object, the detail.</summary>
    public override string ToString() => $"{Label(Kind)} {Subject}: {Detail}";

    /// <summary>The kind as a terminal line shows it: <c>LOG FILE CHANGED</c>.</summary>
    public static string Label(IntegrityFindingKind kind) => kind switch
    {
        IntegrityFindingKind.SignatureInvalid => "SIGNATURE INVALID",
        IntegrityFindingKind.UnknownPublicKey => "UNKNOWN PUBLIC KEY",
        IntegrityFindingKind.LogFileMissing => "LOG FILE MISSING",
        IntegrityFindingKind.LogFileHashMismatch => "LOG FILE CHANGED",
        IntegrityFindingKind.ChainBroken => "CHAIN BROKEN",
        IntegrityFindingKind.DigestMissing => "DIGEST MISSING",
        IntegrityFindingKind.MalformedDigest => "MALFORMED DIGEST",
        IntegrityFindingKind.DigestMisplaced => "DIGEST MISPLACED",
        IntegrityFindingKind.LogFileUnlisted => "LOG FILE UNLISTED",
        _ => kind.ToString(),
    };
}
