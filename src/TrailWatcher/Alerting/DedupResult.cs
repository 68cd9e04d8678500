namespace TrailWatcher.Alerting;

/// <summary>What counting one match did: maybe raised the group's alert, maybe closed groups (an ended period, an eviction) whose updates are due.</summary>
internal sealed record DedupResult(GroupSnapshot? Raised, IReadOnlyList<GroupSnapshot> Closed)
{
    public static DedupResult Counted { get; } = new(null, []);
}
