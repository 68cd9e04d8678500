using TrailWatcher.Detection.Integrity;

namespace TrailWatcher.Integrity;

/// <summary>A finding of continuous validation with the rule it is raised under and what makes it unique.</summary>
internal sealed record DigestFinding(string RuleId, IntegrityFinding Finding, string Identity)
{
    public static DigestFinding Of(IntegrityFinding finding) => new(IntegrityRuleIds.For(finding.Kind), finding, $"{finding.Kind}\n{finding.Subject}");
}
