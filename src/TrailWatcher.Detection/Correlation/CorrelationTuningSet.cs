using TrailWatcher.Detection.Rules.Tuning;

namespace TrailWatcher.Detection.Correlation;

/// <summary>Tuning applied to correlations (built by <c>CorrelationTuning.Split</c>), looked up when a match becomes an alert.</summary>
public sealed class CorrelationTuningSet
{
    private readonly IReadOnlyDictionary<string, TunedCorrelation> _tuned;

    internal CorrelationTuningSet(IReadOnlyDictionary<string, TunedCorrelation> tuned, IReadOnlyList<TuningWarning> warnings)
    {
        _tuned = tuned;
        Warnings = warnings;
        Disabled = tuned.Values.Where(t => !t.Enabled).Select(t => t.Correlation.Id).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>No tuning: every correlation as shipped.</summary>
    public static CorrelationTuningSet Empty { get; } = new(new Dictionary<string, TunedCorrelation>(StringComparer.Ordinal), []);

    /// <summary>The ids of the correlations tuning turned off.</summary>
    public IReadOnlySet<string> Disabled { get; }

    /// <summary>What applying it warned about (exceptions already expired when loaded), to be logged once.</summary>
    public IReadOnlyList<TuningWarning> Warnings { get; }

    /// <summary>The correlation as tuned; as shipped when no tuning entry names it.</summary>
    public TunedCorrelation For(CorrelationRule correlation)
    {
        ArgumentNullException.ThrowIfNull(correlation);
        return _tuned.TryGetValue(correlation.Id, out var tuned) ? tuned : TunedCorrelation.AsShipped(correlation);
    }
}
