using TrailWatcher.Detection.Rules;

namespace TrailWatcher.Rules;

/// <summary>One rule as <c>rules list</c> shows it: what it is, what it covers, and what tuning changed on it.</summary>
internal sealed record RuleSummary(Rule Rule, string Severity, string Kind, string Service)
{
    public static RuleSummary Of(Rule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new RuleSummary(rule, SeverityNames.Name(rule.Severity), rule.Signal ? "signal" : "alert", AwsServiceName.Of(rule));
    }

    /// <summary>The settings tuning changed, in the order first changed, for a table cell: <c>severity,exceptions:2</c>; <c>-</c> when none.</summary>
    public string TuningSummary => TuningCell.Of(Rule.Tuning);
}
