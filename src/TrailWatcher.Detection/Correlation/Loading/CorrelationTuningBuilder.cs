using TrailWatcher.Detection.Rules;
using TrailWatcher.Detection.Rules.Loading;
using TrailWatcher.Detection.Rules.Tuning;

namespace TrailWatcher.Detection.Correlation.Loading;

/// <summary>Collects what the tuning entries naming one correlation change on it, in order (a later entry wins), and builds the result.</summary>
internal sealed class CorrelationTuningBuilder(CorrelationRule correlation)
{
    private readonly List<ExceptionClause> _exceptions = [];
    private readonly List<TuningChange> _changes = [];
    private bool _enabled = true;
    private Severity _severity = correlation.Severity;
    private bool _signal = correlation.Signal;

    /// <summary>Applies the settings a correlation takes; dedup and threshold are refused by the caller, once per entry.</summary>
    public void Apply(TuningEntry entry, DateTimeOffset now, List<RuleLoadError> errors, Dictionary<ExceptionClause, List<string>> expired)
    {
        if (entry.Enabled is { } enabled)
        {
            _enabled = enabled.Value;
            Note(entry, "enabled", enabled);
        }

        if (entry.Severity is { } severity)
        {
            _severity = severity.Value;
            Note(entry, "severity", severity);
        }

        if (entry.Signal is { } signal)
        {
            _signal = signal.Value;
            Note(entry, "signal", signal);
        }

        TuningExceptions.Add(entry, "correlation", correlation.Id, now, _exceptions, _changes, errors, expired);
    }

    public TunedCorrelation Build() => new()
    {
        Correlation = correlation,
        Enabled = _enabled,
        Severity = _severity,
        Signal = _signal,
        Exceptions = [.. _exceptions],
        Tuning = [.. _changes],
    };

    private void Note<T>(TuningEntry entry, string setting, TuningSetting<T> value) =>
        _changes.Add(new TuningChange(setting, value.Text, entry.File, value.Line));
}
