namespace TrailWatcher.Detection.Correlation;

/// <summary>What one call into the engine decided: correlations that fired, and the event when it came too late to count.</summary>
public sealed class CorrelationResult
{
    internal CorrelationResult(IReadOnlyList<CorrelationMatch> matches, IReadOnlyList<LateCorrelationEvent> late)
    {
        Matches = matches;
        Late = late;
    }

    public static CorrelationResult Empty { get; } = new([], []);

    /// <summary>Matches decided by this call, ordered by decision time, then correlation order and group.</summary>
    public IReadOnlyList<CorrelationMatch> Matches { get; }

    public IReadOnlyList<LateCorrelationEvent> Late { get; }
}
