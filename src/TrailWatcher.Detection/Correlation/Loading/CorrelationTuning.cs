using TrailWatcher.Detection.Rules.Loading;
using TrailWatcher.Detection.Rules.Tuning;

namespace TrailWatcher.Detection.Correlation.Loading;

/// <summary>
/// Tuning for correlations: an entry whose ids or globs name a correlation can turn it off (<c>enabled: false</c>) or on
/// again; every other setting is for single-event rules. The rest of the tuning goes on to the rules.
/// </summary>
public static class CorrelationTuning
{
    /// <summary>The tuning left for the rules, and the ids of the correlations the tuning turns off.</summary>
    /// <param name="tuning">Every tuning file's entries.</param>
    /// <param name="pack">The loaded rules and correlations.</param>
    /// <param name="errors">Where a setting a correlation cannot take is reported (file, line, column).</param>
    public static (TuningSet ForRules, IReadOnlySet<string> Disabled) Split(TuningSet tuning, RulePack pack, List<RuleLoadError> errors)
    {
        ArgumentNullException.ThrowIfNull(tuning);
        ArgumentNullException.ThrowIfNull(pack);
        ArgumentNullException.ThrowIfNull(errors);
        var ids = pack.Correlations.Correlations.Select(c => c.Id).ToList();
        if (ids.Count == 0)
        {
            return (tuning, new HashSet<string>(StringComparer.Ordinal));
        }

        var enabled = new Dictionary<string, bool>(StringComparer.Ordinal);
        var kept = new List<TuningEntry>();
        foreach (var entry in tuning.Entries)
        {
            var forRules = new List<RuleSelector>();
            foreach (var selector in entry.Selectors)
            {
                var correlations = ids.Where(selector.Matches).ToList();
                if (correlations.Count == 0 || pack.Rules.Rules.Any(r => selector.Matches(r.Id)))
                {
                    // A selector that names a rule (or nothing: the rules' check reports it) stays with the rules.
                    forRules.Add(selector);
                    continue;
                }

                if (entry.Severity is not null || entry.Signal is not null || entry.DedupPeriod is not null || entry.Threshold is not null || entry.Exceptions.Count > 0)
                {
                    errors.Add(new RuleLoadError(entry.File, selector.Line, selector.Column, $"'{selector.Text}' names a correlation: only enabled applies to a correlation"));
                }
                else if (entry.Enabled is { } setting)
                {
                    foreach (var id in correlations)
                    {
                        enabled[id] = setting.Value;
                    }
                }
            }

            if (forRules.Count > 0)
            {
                kept.Add(forRules.Count == entry.Selectors.Count ? entry : entry.WithSelectors(forRules));
            }
        }

        return (new TuningSet(kept, tuning.Errors), enabled.Where(e => !e.Value).Select(e => e.Key).ToHashSet(StringComparer.Ordinal));
    }
}
