using TrailWatcher.Detection.Integrity;

namespace TrailWatcher.Integrity;

/// <summary>The built-in rules (rules/trailwatcher/integrity) that integrity findings are raised under, and which finding goes to which.</summary>
internal static class IntegrityRuleIds
{
    public const string LogFileMissing = "TrailWatcher.Integrity.LogFileMissing";
    public const string LogFileModified = "TrailWatcher.Integrity.LogFileModified";
    public const string DigestMissing = "TrailWatcher.Integrity.DigestMissing";
    public const string DigestSignatureInvalid = "TrailWatcher.Integrity.DigestSignatureInvalid";
    public const string UnannouncedLogFile = "TrailWatcher.Integrity.UnannouncedLogFile";
    public const string DeliveryGap = "TrailWatcher.Integrity.DeliveryGap";
    public const string DeliveryResumed = "TrailWatcher.Integrity.DeliveryResumed";

    /// <summary>The rule a digest finding is raised under: a digest nobody can vouch for counts as an invalid signature, a broken link as a missing digest.</summary>
    public static string For(IntegrityFindingKind kind) => TryFor(kind) ?? DigestSignatureInvalid;

    /// <summary>As <see cref="For"/>; null for a finding no built-in rule stands for (a log file of a local copy that no digest lists).</summary>
    public static string? TryFor(IntegrityFindingKind kind) => kind switch
    {
        IntegrityFindingKind.LogFileMissing => LogFileMissing,
        IntegrityFindingKind.LogFileHashMismatch => LogFileModified,
        IntegrityFindingKind.DigestMissing or IntegrityFindingKind.ChainBroken => DigestMissing,
        IntegrityFindingKind.SignatureInvalid or IntegrityFindingKind.UnknownPublicKey or IntegrityFindingKind.MalformedDigest
            or IntegrityFindingKind.DigestMisplaced => DigestSignatureInvalid,
        _ => null,
    };
}
