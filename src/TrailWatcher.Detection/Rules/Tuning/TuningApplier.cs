using TrailWatcher.Detection.Rules.Loading;

namespace TrailWatcher.Detection.Rules.Tuning;

/// <summary>Applies tuning to loaded rules at load time: each rule a tuning entry names becomes a tuned copy; every other rule is kept as it is.</summary>
public static class TuningApplier
{
    /// <summary>The tuned rules and the warnings to log once (exceptions already past their expiry at <paramref name="time"/>'s now).</summary>
    /// <exception cref="RuleLoadException">Any problem of the tuning files, or an id or glob that names no loaded rule; every one of them, at once.</exception>
    public static TunedRules Apply(RuleSet rules, TuningSet tuning, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(tuning);
        ArgumentNullException.ThrowIfNull(time);
        var errors = new List<RuleLoadError>(tuning.Errors);
        var now = time.GetUtcNow();
        var builders = new Dictionary<string, RuleTuningBuilder>(StringComparer.Ordinal);
        var expired = new Dictionary<ExceptionClause, List<string>>();
        foreach (var entry in tuning.Entries)
        {
            foreach (var rule in Targets(entry, rules, errors))
            {
                if (!builders.TryGetValue(rule.Id, out var builder))
                {
                    builders[rule.Id] = builder = new RuleTuningBuilder(rule);
                }

                builder.Apply(entry, now, errors, expired);
            }
        }

        var tuned = rules.Rules.Select(r => builders.TryGetValue(r.Id, out var builder) ? builder.Build(errors) : r).ToList();
        if (errors.Count > 0)
        {
            throw new RuleLoadException(errors);
        }

        return new TunedRules(new RuleSet(tuned, rules.Skipped), TuningExceptions.Warnings(expired, "rule"));
    }

    // The rules an entry names, each once, in load order; a selector naming none is an error (a typo would otherwise quietly tune nothing).
    private static List<Rule> Targets(TuningEntry entry, RuleSet rules, List<RuleLoadError> errors)
    {
        var targets = new HashSet<Rule>();
        foreach (var selector in entry.Selectors)
        {
            var hits = rules.Rules.Where(r => selector.Matches(r.Id)).ToList();
            if (hits.Count == 0)
            {
                errors.Add(new RuleLoadError(entry.File, selector.Line, selector.Column, Unknown(selector, rules)));
            }

            targets.UnionWith(hits);
        }

        return [.. rules.Rules.Where(targets.Contains)];
    }

    private static string Unknown(RuleSelector selector, RuleSet rules)
    {
        if (selector.IsGlob)
        {
            return $"'{selector.Text}' matches no loaded rule";
        }

        var near = rules.Rules.FirstOrDefault(r => string.Equals(r.Id, selector.Text, StringComparison.OrdinalIgnoreCase));
        return near is null ? $"unknown rule id '{selector.Text}'" : $"unknown rule id '{selector.Text}' (ids are case-sensitive: did you mean '{near.Id}'?)";
    }
}
