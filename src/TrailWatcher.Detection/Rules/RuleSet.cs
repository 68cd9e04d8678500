using TrailWatcher.Detection.Evaluation;

namespace TrailWatcher.Detection.Rules;

/// <summary>The loaded rules (enabled or not) and the index of the enabled ones.</summary>
public sealed class RuleSet
{
    public RuleSet(IEnumerable<Rule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Rules = [.. rules];
        Index = new RuleIndex(Rules.Where(r => r.Enabled));
    }

    /// <summary>Every loaded rule, disabled ones included, in load order.</summary>
    public IReadOnlyList<Rule> Rules { get; }

    /// <summary>Candidate lookup over the enabled rules only.</summary>
    public RuleIndex Index { get; }
}
