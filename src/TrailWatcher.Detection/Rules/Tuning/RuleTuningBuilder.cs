using TrailWatcher.Detection.Rules.Loading;

namespace TrailWatcher.Detection.Rules.Tuning;

/// <summary>Collects what the tuning entries naming one rule change on it, in order, and builds the tuned copy.</summary>
internal sealed class RuleTuningBuilder(Rule rule)
{
    private readonly List<ExceptionClause> _exceptions = [.. rule.Exceptions];
    private readonly TuningBasics _basics = new(rule.Enabled, rule.Severity, rule.Signal, rule.Tuning);
    private DedupSettings? _dedup = rule.Dedup;
    private int _threshold = rule.Threshold;
    private (TuningEntry Entry, TuningSetting<int> Setting)? _thresholdSetBy;

    /// <summary>Applies one entry; an exception already past its expiry at <paramref name="now"/> is not attached but recorded in <paramref name="expired"/>.</summary>
    public void Apply(TuningEntry entry, DateTimeOffset now, List<RuleLoadError> errors, Dictionary<ExceptionClause, List<string>> expired)
    {
        _basics.Apply(entry);

        if (entry.DedupPeriod is { } period)
        {
            // A rule without dedup gets the default key, its id: all its matches form one group per period.
            _dedup = _dedup is null ? new DedupSettings(DedupKeyTemplate.Literal(rule.Id), period.Value) : _dedup with { Period = period.Value };
            _basics.Note(entry, "dedup.period", period);
        }

        if (entry.Threshold is { } threshold)
        {
            _threshold = threshold.Value;
            _thresholdSetBy = (entry, threshold);
            _basics.Note(entry, "threshold", threshold);
        }

        TuningExceptions.Add(entry, "rule", rule.Id, now, _exceptions, _basics.Changes, errors, expired);
    }

    /// <summary>The tuned copy; its condition, index keys and guard are the original's objects.</summary>
    public Rule Build(List<RuleLoadError> errors)
    {
        // A threshold counts matches within a period, so above 1 it needs the period that dedup gives.
        if (_threshold > 1 && _dedup is null && _thresholdSetBy is var (entry, setting))
        {
            errors.Add(new RuleLoadError(entry.File, setting.Line, setting.Column,
                $"'threshold: {_threshold}' counts matches within a dedup period, and rule {rule.Id} has none: add 'dedup: {{period: ...}}' to this entry"));
        }

        return new Rule(rule)
        {
            Enabled = _basics.Enabled,
            Severity = _basics.Severity,
            Signal = _basics.Signal,
            Dedup = _dedup,
            Threshold = _threshold,
            Exceptions = [.. _exceptions],
            Tuning = [.. _basics.Changes],
        };
    }
}
