using System.Text.Json;
using TrailWatcher.Detection.Alerts;
using TrailWatcher.Detection.Integrity;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Integrity;

/// <summary>An integrity finding as an alert of the native shape, so the tools that read our alerts read these too.</summary>
/// <remarks>
/// A finding that <c>run</c> raises too is written as the built-in integrity rule it raises it under
/// (<see cref="IntegrityRuleIds"/>: id, title, severity, ATT&amp;CK mapping, runbook), so <c>verify</c> and the service
/// report one problem the same way; the rest (and every finding when the rules are not at hand) as rule
/// <c>TrailWatcher.Integrity.KIND</c>. The id comes from the rule and the object, so a rerun gives the same id.
/// </remarks>
internal static class FindingAlert
{
    public const string RuleIdPrefix = "TrailWatcher.Integrity.";

    private static readonly MitreAttack IndicatorRemoval = new(["TA0005"], ["T1070"]);

    private static readonly string[] References = ["https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html"];

    /// <summary>The alert for <paramref name="finding"/>, read from <paramref name="source"/> (the local path or s3:// location).</summary>
    /// <param name="finding">What the verifier found.</param>
    /// <param name="source">Where the object was read.</param>
    /// <param name="detectedAt">Now.</param>
    /// <param name="rules">The built-in integrity rules; the finding is written as its rule when that is among them.</param>
    public static Alert From(IntegrityFinding finding, string source, DateTimeOffset detectedAt, IntegrityRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var parts = TrailKeyParts.TryParse(finding.Subject);
        if (IntegrityRuleIds.TryFor(finding.Kind) is { } id && rules?.Match(id, finding.Subject, finding.Subject, finding.Detail, Trail(parts), detectedAt) is { } match)
        {
            return match.Alert with { Context = Context(finding), Source = source };
        }

        var ruleId = RuleIdPrefix + finding.Kind;
        var (title, severity) = Describe(finding.Kind);
        return new Alert
        {
            Id = AlertId.For(ruleId, finding.Subject),
            RuleId = ruleId,
            Title = title,
            Severity = severity,
            RiskScore = SeverityNames.DefaultRiskScore(severity),
            AccountId = parts?.AccountId,
            Region = parts?.Region,
            Context = Context(finding),
            Mitre = IndicatorRemoval,
            Tags = ["TrailWatcher", "Log file integrity"],
            References = References,
            Runbook = "Compare the object with its digest (trailwatcher verify) and the bucket's access logs or CloudTrail data events: "
                + "who deleted, overwrote or added it, and when. Treat the events of the affected hour as unproven until explained.",
            Source = source,
            DetectedAt = detectedAt,
        };
    }

    private static ExpectedTrail? Trail(TrailKeyParts? parts) => parts is null ? null : new ExpectedTrail(parts.AccountId, parts.Region, null);

    private static List<KeyValuePair<string, JsonElement>> Context(IntegrityFinding finding) =>
    [
        new("finding", DerivedField.TextValue(IntegrityFinding.Label(finding.Kind))),
        new("object", DerivedField.TextValue(finding.Subject)),
        new("detail", DerivedField.TextValue(finding.Detail)),
    ];

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
