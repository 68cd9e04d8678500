using TrailWatcher.Detection.Alerts;
using TrailWatcher.Detection.Rules;

namespace TrailWatcher.Detection.Evaluation;

/// <summary>One rule matching one record: the alert it would raise alone, and the dedup group it counts into.</summary>
/// <param name="Rule">The rule, for its dedup period, threshold and signal flag.</param>
/// <param name="Alert">The alert of this match alone (count 1).</param>
/// <param name="DedupKey">The rule's dedup key template resolved against the record.</param>
public sealed record RuleMatch(Rule Rule, Alert Alert, string DedupKey)
{
    /// <summary>How long the group this match starts stays open; the router groups only rules with a dedup block.</summary>
    public TimeSpan Period => Rule.Dedup?.Period ?? TimeSpan.Zero;
}
