namespace TrailWatcher.Detection.Rules;

/// <summary>The loaded rules, enabled or not, in load order.</summary>
public sealed class RuleSet
{
    public RuleSet(IEnumerable<Rule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Rules = [.. rules];
        Enabled = [.. Rules.Where(r => r.Enabled)];
    }

    /// <summary>Every loaded rule, disabled ones included, in load order.</summary>
    public IReadOnlyList<Rule> Rules { get; }

    /// <summary>The rules that are evaluated.</summary>
    public IReadOnlyList<Rule> Enabled { get; }
}
