using TrailWatcher.Detection.Alerts;
using TrailWatcher.Detection.Integrity;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Integrity;

/// <summary>An integrity finding as an alert of the native shape, so the tools that read our alerts read these too.</summary>
/// <remarks>The rule id is <c>TrailWatcher.Integrity.KIND</c>; the id comes from it and the object, so a rerun that finds the same problem gives the same id.</remarks>
internal static class FindingAlert
{
    public const string RuleIdPrefix = "TrailWatcher.Integrity.";

    private static readonly MitreAttack IndicatorRemoval = new(["TA0005"], ["T1070"]);

    private static readonly string[] References = ["https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html"];

    /// <summary>The alert for <paramref name="finding"/>, read from <paramref name="source"/> (the local path or s3:// location).</summary>
    public static Alert From(IntegrityFinding finding, string source, DateTimeOffset detectedAt)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var ruleId = RuleIdPrefix + finding.Kind;
        var (title, severity) = Describe(finding.Kind);
        var parts = TrailKeyParts.TryParse(finding.Subject);
        return new Alert
        {
            Id = AlertId.For(ruleId, finding.Subject),
            RuleId = ruleId,
            Title = title,
            Severity = severity,
            RiskScore = SeverityNames.DefaultRiskScore(severity),
            AccountId = parts?.AccountId,
            Region = parts?.Region,
            Context =
            [
                new("finding", DerivedField.TextValue(IntegrityFinding.Label(finding.Kind))),
                new("object", DerivedField.TextValue(finding.Subject)),
                new("detail", DerivedField.TextValue(finding.Detail)),
            ],
            Mitre = IndicatorRemoval,
            Tags = ["TrailWatcher", "Log file integrity"],
            References = References,
            Runbook = "Compare the object with its digest (trailwatcher verify) and the bucket's access logs or CloudTrail data events: "
                + "who deleted, overwrote or added it, and when. Treat the events of the affected hour as unproven until explained.",
            Source = source,
            DetectedAt = detectedAt,
        };
    }

    private static (string Title, Severity Severity) Describe(IntegrityFindingKind kind) => kind switch
    {
        IntegrityFindingKind.SignatureInvalid => ("CloudTrail digest signature does not verify", Severity.High),
        IntegrityFindingKind.UnknownPublicKey => ("CloudTrail digest signed with a key not among the public keys", Severity.Medium),
        IntegrityFindingKind.LogFileMissing => ("CloudTrail log file deleted after delivery", Severity.High),
        IntegrityFindingKind.LogFileHashMismatch => ("CloudTrail log file changed after delivery", Severity.High),
        IntegrityFindingKind.ChainBroken => ("CloudTrail digest chain broken", Severity.High),
        IntegrityFindingKind.DigestMissing => ("CloudTrail digest file missing", Severity.High),
        IntegrityFindingKind.MalformedDigest => ("CloudTrail digest file malformed", Severity.Medium),
        IntegrityFindingKind.DigestMisplaced => ("CloudTrail digest file not where it says it was written", Severity.Medium),
        IntegrityFindingKind.LogFileUnlisted => ("CloudTrail log file that no digest lists", Severity.Medium),
        _ => ($"CloudTrail integrity problem: {kind}", Severity.Medium),
    };
}
