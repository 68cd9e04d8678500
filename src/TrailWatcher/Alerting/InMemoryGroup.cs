using TrailWatcher.Detection.Evaluation;

namespace TrailWatcher.Alerting;

/// <summary>One dedup group's period in memory: its count, seen times, and the eventIDs no record carried yet.</summary>
/// <remarks>The first match's alert is built only when the group raises it: a group under its threshold never does.</remarks>
internal sealed class InMemoryGroup(RuleMatch first, DateTimeOffset periodEnd, long generation)
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
    public GroupSnapshot? Add(RuleMatch match, int threshold)
    {
        _count++;
        if (match.EventId is { } eventId)
        {
            _pendingIds.Add(eventId);
        }

        _firstSeen = EventTimes.Earlier(_firstSeen, match.EventTime);
        _lastSeen = EventTimes.Later(_lastSeen, match.EventTime);
        return _count == threshold ? Take() : null;
    }

    /// <summary>The closing update's facts, or null when the alert was never raised or every counted event was carried already.</summary>
    public GroupSnapshot? Close() => Raised && _count > _emitted ? Take() : null;

    private GroupSnapshot Take()
    {
        var alert = first.Alert;
        var snapshot = new GroupSnapshot(alert, alert.Id, _count, _firstSeen, _lastSeen, [.. _pendingIds]);
        _pendingIds.Clear();
        _emitted = _count;
        return snapshot;
    }
}
