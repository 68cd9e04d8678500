using TrailWatcher.Detection.Rules;

namespace TrailWatcher.Detection.Correlation;

/// <summary>One correlation as tuning left it: on or off, its alert's severity and kind, its exceptions, and what changed them.</summary>
public sealed class TunedCorrelation
{
    public required CorrelationRule Correlation { get; init; }

    /// <summary>False when tuning turned it off: its windows are still kept, and what it decides raises nothing.</summary>
    public bool Enabled { get; init; } = true;

    public required Severity Severity { get; init; }

    /// <summary>True when its matches are signals rather than alerts.</summary>
    public required bool Signal { get; init; }

    /// <summary>
    /// Exceptions evaluated against the match's group (the group-by names and values as a JSON object, dotted names
    /// nested); a match one of them satisfies is silenced and counted instead of raised.
    /// </summary>
    public IReadOnlyList<ExceptionClause> Exceptions { get; init; } = [];

    /// <summary>What tuning files changed, in the order applied; empty for a correlation as shipped.</summary>
    public IReadOnlyList<TuningChange> Tuning { get; init; } = [];

    /// <summary>The correlation as its file wrote it.</summary>
    public static TunedCorrelation AsShipped(CorrelationRule correlation)
    {
        ArgumentNullException.ThrowIfNull(correlation);
        return new TunedCorrelation { Correlation = correlation, Severity = correlation.Severity, Signal = correlation.Signal };
    }
}
