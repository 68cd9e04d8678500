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
    public string TuningSummary
    {
        get
        {
            if (Rule.Tuning.Count == 0)
            {
                return "-";
            }

            var settings = Rule.Tuning.Select(c => c.Setting).Distinct(StringComparer.Ordinal).Select(setting => setting switch
            {
                "exception" => $"exceptions:{Rule.Tuning.Count(c => c.Setting == setting)}",
                "expired_exception" => $"expired:{Rule.Tuning.Count(c => c.Setting == setting)}",
                _ => setting,
            });
            return string.Join(",", settings);
        }
    }
}
