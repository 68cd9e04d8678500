using System.Text.Json;
using TrailWatcher.Detection.Alerts;
using TrailWatcher.Detection.Evaluation;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Integrity;

/// <summary>Turns integrity findings into matches of the loaded (and tuned) built-in integrity rules, so they reach the sinks as any alert does.</summary>
/// <remarks>
/// The rules live in the rule pack, not in code, so <c>rules list</c> shows them and tuning can turn one off or change
/// its severity; their conditions name an event source no CloudTrail record carries, so no record ever matches them.
/// A rule turned off, or not loaded, raises nothing: the finding is still logged and counted.
/// </remarks>
internal sealed class IntegrityRules(RuleSet rules)
{
    private readonly Dictionary<string, Rule> _enabled = rules.Enabled
        .Where(r => r.Id.StartsWith("TrailWatcher.Integrity.", StringComparison.Ordinal))
        .ToDictionary(r => r.Id, StringComparer.Ordinal);

    /// <summary>The match for one finding; null when its rule is off or not loaded.</summary>
    /// <param name="ruleId">One of <see cref="IntegrityRuleIds"/>.</param>
    /// <param name="identity">What makes the finding unique (the object, the digest that revealed it): the same finding gets the same alert id on every replica and retry.</param>
    /// <param name="subject">The object the finding is about (s3://bucket/key, or the trail).</param>
    /// <param name="detail">What exactly is wrong, in one sentence.</param>
    /// <param name="trail">The trail's account and region, when known.</param>
    /// <param name="detectedAt">Now.</param>
    public RuleMatch? Match(string ruleId, string identity, string subject, string detail, ExpectedTrail? trail, DateTimeOffset detectedAt)
    {
        if (!_enabled.TryGetValue(ruleId, out var rule))
        {
            return null;
        }

        List<KeyValuePair<string, JsonElement>> context =
        [
            new("object", DerivedField.TextValue(subject)),
            new("detail", DerivedField.TextValue(detail)),
        ];
        if (trail?.Trail is { } name)
        {
            context.Add(new("trail", DerivedField.TextValue(name)));
        }

        var alert = new Alert
        {
            Id = AlertId.For(rule.Id, identity),
            RuleId = rule.Id,
            Title = rule.Title,
            Severity = rule.Severity,
            RiskScore = rule.RiskScore,
            AccountId = trail?.Account,
            Region = trail?.Region,
            Context = context,
            Mitre = rule.Mitre,
            Tags = rule.Tags,
            References = rule.References,
            Runbook = string.IsNullOrWhiteSpace(rule.Runbook) ? null : rule.Runbook,
            Source = subject,
            DetectedAt = detectedAt,
            Signal = rule.Signal,
        };
        return new RuleMatch(rule, alert, identity);
    }
}
