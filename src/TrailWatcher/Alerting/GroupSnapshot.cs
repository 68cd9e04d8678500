using TrailWatcher.Detection.Alerts;

namespace TrailWatcher.Alerting;

/// <summary>What a dedup group holds when it raises its alert or closes: the facts the emitted record carries.</summary>
/// <param name="Template">The group's first match, whose fields every record of the group repeats.</param>
/// <param name="AlertId">The id of the group's alert (rule id + eventID of its first match).</param>
/// <param name="Count">Matches counted in the period so far.</param>
/// <param name="FirstSeen">Earliest eventTime counted.</param>
/// <param name="LastSeen">Latest eventTime counted.</param>
/// <param name="EventIds">The eventIDs no earlier record of the group carried.</param>
internal sealed record GroupSnapshot(Alert Template, string AlertId, int Count, string? FirstSeen, string? LastSeen, IReadOnlyList<string> EventIds);
