namespace TrailWatcher.Detection.Rules.Tuning;

/// <summary>One entry of a tuning file: the rules it names and what it changes on each of them.</summary>
internal sealed class TuningEntry
{
    public required string File { get; init; }

    public required IReadOnlyList<RuleSelector> Selectors { get; init; }

    public TuningSetting<bool>? Enabled { get; init; }

    public TuningSetting<Severity>? Severity { get; init; }

    public TuningSetting<bool>? Signal { get; init; }

    public TuningSetting<TimeSpan>? DedupPeriod { get; init; }

    public TuningSetting<int>? Threshold { get; init; }

    public IReadOnlyList<ExceptionClause> Exceptions { get; init; } = [];

    /// <summary>The same entry naming only these selectors.</summary>
    public TuningEntry WithSelectors(IReadOnlyList<RuleSelector> selectors) => new()
    {
        File = File,
        Selectors = selectors,
        Enabled = Enabled,
        Severity = Severity,
        Signal = Signal,
        DedupPeriod = DedupPeriod,
        Threshold = Threshold,
        Exceptions = Exceptions,
    };
}
