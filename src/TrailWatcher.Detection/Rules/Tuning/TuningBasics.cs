namespace TrailWatcher.Detection.Rules.Tuning;

/// <summary>The settings every tuned thing takes (on or off, severity, signal) and the list of what tuning changed, in order.</summary>
internal sealed class TuningBasics(bool enabled, Severity severity, bool signal, IEnumerable<TuningChange> changes)
{
    public bool Enabled { get; private set; } = enabled;

    public Severity Severity { get; private set; } = severity;

    public bool Signal { get; private set; } = signal;

    /// <summary>Every change applied so far, with the file and line that made it.</summary>
    public List<TuningChange> Changes { get; } = [.. changes];

    /// <summary>Takes an entry's enabled, severity and signal settings (a later entry wins).</summary>
    public void Apply(TuningEntry entry)
    {
        if (entry.Enabled is { } enabled)
        {
            Enabled = enabled.Value;
            Note(entry, "enabled", enabled);
        }

        if (entry.Severity is { } severity)
        {
            Severity = severity.Value;
            Note(entry, "severity", severity);
        }

        if (entry.Signal is { } signal)
        {
            Signal = signal.Value;
            Note(entry, "signal", signal);
        }
    }

    public void Note<T>(TuningEntry entry, string setting, TuningSetting<T> value) =>
        Changes.Add(new TuningChange(setting, value.Text, entry.File, value.Line));
}
