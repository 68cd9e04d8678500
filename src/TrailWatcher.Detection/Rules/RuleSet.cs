namespace TrailWatcher.Detection.Rules;

/// <summary>The loaded rules, enabled or not, in load order.</summary>
public sealed class RuleSet
{
    public RuleSet(IEnumerable<Rule> rules)
        : this(rules, [])
    {
    }

    public RuleSet(IEnumerable<Rule> rules, IReadOnlyList<string> skipped)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(skipped);
        Rules = [.. rules];
        Enabled = [.. Rules.Where(r => r.Enabled)];
        Skipped = skipped;
    }

    /// <summary>Rule files left out on purpose, each with its file and reason (a Sigma rule for another log source).</summary>
    public IReadOnlyList<string> Skipped { get; }

    /// <summary>Every loaded rule, disabled ones included, in load order.</summary>
    public IReadOnlyList<Rule> Rules { get; }

    /// <summary>The rules that are evaluated.</summary>
    public IReadOnlyList<Rule> Enabled { get; }
}
