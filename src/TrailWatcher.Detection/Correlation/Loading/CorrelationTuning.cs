using TrailWatcher.Detection.Rules;
using TrailWatcher.Detection.Rules.Loading;
using TrailWatcher.Detection.Rules.Tuning;

namespace TrailWatcher.Detection.Correlation.Loading;

/// <summary>
/// Tuning for correlations: an entry whose ids or globs name a correlation (and no rule) can turn it off or on
/// (<c>enabled</c>), change its alert's <c>severity</c>, make it a <c>signal</c> (or an alert), and add
/// <c>exceptions</c>, evaluated against the match's group. The rest of the tuning goes on to the rules.
/// </summary>
public static class CorrelationTuning
{
    /// <summary>The tuning left for the rules, and the correlations as tuned.</summary>
    /// <param name="tuning">Every tuning file's entries.</param>
    /// <param name="pack">The loaded rules and correlations.</param>
    /// <param name="time">The clock an exception's expiry is checked against at load (expired ones are warned about, not applied).</param>
    /// <param name="errors">Where a setting a correlation cannot take is reported (file, line, column).</param>
    public static (TuningSet ForRules, CorrelationTuningSet Correlations) Split(TuningSet tuning, RulePack pack, TimeProvider time, List<RuleLoadError> errors)
    {
        ArgumentNullException.ThrowIfNull(tuning);
        ArgumentNullException.ThrowIfNull(pack);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(errors);
        var correlations = pack.Correlations.Correlations;
        if (correlations.Count == 0)
        {
            return (tuning, CorrelationTuningSet.Empty);
        }

        var now = time.GetUtcNow();
        var builders = new Dictionary<string, CorrelationTuningBuilder>(StringComparer.Ordinal);
        var expired = new Dictionary<ExceptionClause, List<string>>();
        var kept = new List<TuningEntry>();
        foreach (var entry in tuning.Entries)
        {
            var forRules = new List<RuleSelector>();
            foreach (var selector in entry.Selectors)
            {
                var named = correlations.Where(c => selector.Matches(c.Id)).ToList();
                if (named.Count == 0 || pack.Rules.Rules.Any(r => r.PartOf is null && selector.Matches(r.Id)))
                {
                    // A selector that names a rule (or nothing: the rules' check reports it) stays with the rules. A
                    // sequence's hidden step rules do not count: `Seq.*` names the sequence, not its steps.
                    forRules.Add(selector);
                    continue;
                }

                if (Refused(entry, selector, errors))
                {
                    continue;
                }

                foreach (var correlation in named)
                {
                    if (!builders.TryGetValue(correlation.Id, out var builder))
                    {
                        builders[correlation.Id] = builder = new CorrelationTuningBuilder(correlation);
                    }

                    builder.Apply(entry, now, errors, expired);
                }
            }

            if (forRules.Count > 0)
            {
                kept.Add(forRules.Count == entry.Selectors.Count ? entry : entry.WithSelectors(forRules));
            }
        }

        var tuned = builders.ToDictionary(b => b.Key, b => b.Value.Build(), StringComparer.Ordinal);
        return (new TuningSet(kept, tuning.Errors), new CorrelationTuningSet(tuned, TuningExceptions.Warnings(expired, "correlation")));
    }

    // Dedup and threshold group and count one rule's matches; a correlation's own window and condition already do both.
    private static bool Refused(TuningEntry entry, RuleSelector selector, List<RuleLoadError> errors)
    {
        var before = errors.Count;
        if (entry.DedupPeriod is { } period)
        {
            errors.Add(new RuleLoadError(entry.File, period.Line, period.Column,
                $"'{selector.Text}' names a correlation, and dedup does not apply to one: a correlation raises one alert per decided window, which already gathers its events (change its timespan instead)"));
        }

        if (entry.Threshold is { } threshold)
        {
            errors.Add(new RuleLoadError(entry.File, threshold.Line, threshold.Column,
                $"'{selector.Text}' names a correlation, and threshold does not apply to one: its condition already says how many events make a match (change the condition instead)"));
        }

        return errors.Count != before;
    }
}
