using TrailWatcher.Detection.Rules;
using TrailWatcher.Detection.Rules.Loading;
using TrailWatcher.Detection.Rules.Tuning;

namespace TrailWatcher.Detection.Correlation.Loading;

/// <summary>Collects what the tuning entries naming one correlation change on it, in order (a later entry wins), and builds the result.</summary>
internal sealed class CorrelationTuningBuilder(CorrelationRule correlation)
{
    private readonly List<ExceptionClause> _exceptions = [];
    private readonly TuningBasics _basics = new(true, correlation.Severity, correlation.Signal, []);

    /// <summary>Applies the settings a correlation takes; dedup and threshold are refused by the caller, once per entry.</summary>
    public void Apply(TuningEntry entry, DateTimeOffset now, List<RuleLoadError> errors, Dictionary<ExceptionClause, List<string>> expired)
    {
        _basics.Apply(entry);
        TuningExceptions.Add(entry, "correlation", correlation.Id, now, _exceptions, _basics.Changes, errors, expired);
    }

    public TunedCorrelation Build() => new()
    {
        Correlation = correlation,
        Enabled = _basics.Enabled,
        Severity = _basics.Severity,
        Signal = _basics.Signal,
        Exceptions = [.. _exceptions],
        Tuning = [.. _basics.Changes],
    };
}
