using TrailWatcher.Detection.Alerts;

namespace TrailWatcher.Alerting;

/// <summary>One dedup group's period in memory: its count, seen times, and the eventIDs no record carried yet.</summary>
internal sealed class InMemoryGroup(Alert first, DateTimeOffset periodEnd, long generation)
{
    private readonly List<string> _pendingIds = [];
    private int _count;
    private int _emitted;
    private string? _firstSeen;
    private string? _lastSeen;

    public DateTimeOffset PeriodEnd { get; } = periodEnd;

    public long Generation { get; } = generation;

    private bool Raised => _emitted > 0;

    /// <summary>Counts a match; returns the alert's facts when this match reaches the threshold.</summary>
    public GroupSnapshot? Add(Alert match, int threshold)
    {
        _count++;
        _pendingIds.AddRange(match.EventIds);
        _firstSeen = EventTimes.Earlier(_firstSeen, match.FirstSeen);
        _lastSeen = EventTimes.Later(_lastSeen, match.LastSeen);
        return _count == threshold ? Take() : null;
    }

    /// <summary>The closing update's facts, or null when the alert was never raised or every counted event was carried already.</summary>
    public GroupSnapshot? Close() => Raised && _count > _emitted ? Take() : null;

    private GroupSnapshot Take()
    {
        var snapshot = new GroupSnapshot(first, first.Id, _count, _firstSeen, _lastSeen, [.. _pendingIds]);
        _pendingIds.Clear();
        _emitted = _count;
        return snapshot;
    }
}
