using TrailWatcher.Detection.Evaluation;

namespace TrailWatcher.Alerting;

/// <summary>Dedup groups in this process, bounded: beyond the cap, the group whose period ends first is closed early.</summary>
/// <remarks>A crash loses the counts of open periods (their first alert was already delivered); Redis keeps them.</remarks>
internal sealed class InMemoryDedupStore(int maxGroups) : IDedupStore
{
    public string? Problem => null;

    private readonly Dictionary<(string RuleId, string Key), InMemoryGroup> _groups = [];

    // Period ends, earliest first; an entry whose group was closed or restarted since is skipped when it comes up.
    private readonly PriorityQueue<(string RuleId, string Key, long Generation), DateTimeOffset> _ends = new();
    private readonly Lock _gate = new();
    private long _generation;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _groups.Count;
            }
        }
    }

    public ValueTask<DedupResult> AddAsync(RuleMatch match, DateTimeOffset now, CancellationToken cancellationToken)
    {
        (string RuleId, string Key) id = (match.Rule.Id, match.DedupKey);
        var closed = new List<GroupSnapshot>();
        lock (_gate)
        {
            if (_groups.TryGetValue(id, out var group) && group.PeriodEnd <= now)
            {
                // The timer has not come round yet: close the ended period here, so this match starts a new one.
                _groups.Remove(id);
                AddUpdate(closed, group);
                group = null;
            }

            if (group is null)
            {
                while (_groups.Count >= maxGroups && TryPopEarliest(out var evicted))
                {
                    AddUpdate(closed, evicted);
                }

                group = new InMemoryGroup(match, now + match.Period, ++_generation);
                _groups[id] = group;
                _ends.Enqueue((id.RuleId, id.Key, group.Generation), group.PeriodEnd);
            }

            var raised = group.Add(match, match.Rule.Threshold);
            return ValueTask.FromResult(raised is null && closed.Count == 0 ? DedupResult.Counted : new DedupResult(raised, closed));
        }
    }

    public ValueTask<IReadOnlyList<GroupSnapshot>> CloseDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var closed = new List<GroupSnapshot>();
        lock (_gate)
        {
            while (_ends.TryPeek(out _, out var end) && end <= now && TryPopEarliest(out var group))
            {
                AddUpdate(closed, group);
            }
        }

        return ValueTask.FromResult<IReadOnlyList<GroupSnapshot>>(closed);
    }

    public ValueTask<IReadOnlyList<GroupSnapshot>> CloseOnStopAsync(CancellationToken cancellationToken)
    {
        var closed = new List<GroupSnapshot>();
        lock (_gate)
        {
            while (TryPopEarliest(out var group))
            {
                AddUpdate(closed, group);
            }
        }

        return ValueTask.FromResult<IReadOnlyList<GroupSnapshot>>(closed);
    }

    private static void AddUpdate(List<GroupSnapshot> closed, InMemoryGroup group)
    {
        if (group.Close() is { } update)
        {
            closed.Add(update);
        }
    }

    private bool TryPopEarliest(out InMemoryGroup group)
    {
        while (_ends.TryDequeue(out var entry, out _))
        {
            if (_groups.TryGetValue((entry.RuleId, entry.Key), out var found) && found.Generation == entry.Generation)
            {
                _groups.Remove((entry.RuleId, entry.Key));
                group = found;
                return true;
            }
        }

        group = null!;
        return false;
    }
}
