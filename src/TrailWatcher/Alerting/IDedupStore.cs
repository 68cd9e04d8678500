using TrailWatcher.Detection.Evaluation;

namespace TrailWatcher.Alerting;

/// <summary>Where dedup groups live: in this process, or in Redis so that several replicas share them.</summary>
/// <remarks>
/// A group is (rule id, dedup key). Its period starts at its first match. The store decides atomically which match
/// raises the alert (the one that reaches the rule's threshold) and which caller closes a group, so that across
/// replicas the alert and the closing update are each emitted once.
/// </remarks>
internal interface IDedupStore
{
    /// <summary>Why the store cannot count matches now (for readiness); null when it can.</summary>
    string? Problem { get; }

    /// <summary>Counts a match into its group, starting the group (and its period) when there is none or its period ended.</summary>
    ValueTask<DedupResult> AddAsync(RuleMatch match, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Closes every group whose period ended; returns those whose alert was raised and that counted events no record carried yet.</summary>
    ValueTask<IReadOnlyList<GroupSnapshot>> CloseDueAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>At stop: closes what only this process knows about (every open group in memory; nothing in Redis, where other replicas carry on).</summary>
    ValueTask<IReadOnlyList<GroupSnapshot>> CloseOnStopAsync(CancellationToken cancellationToken);
}
