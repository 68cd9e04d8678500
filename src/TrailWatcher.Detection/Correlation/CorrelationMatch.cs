namespace TrailWatcher.Detection.Correlation;

/// <summary>A correlation that fired for one group: which events made it, and when.</summary>
public sealed class CorrelationMatch
{
    public required CorrelationRule Correlation { get; init; }

    /// <summary>The group-by names (fields or aliases), in the rule's order.</summary>
    public IReadOnlyList<string> GroupBy => Correlation.GroupBy;

    /// <summary>The group's value for each group-by name, in the same order.</summary>
    public required IReadOnlyList<string> GroupValues { get; init; }

    /// <summary>The count the condition was met with: events (event_count), distinct values (value_count), distinct rules (temporal).</summary>
    public required long Count { get; init; }

    /// <summary>How many distinct events the window held.</summary>
    public required int EventCount { get; init; }

    /// <summary>The contributing eventIDs in event-time order, at most <see cref="CorrelationOptions.MaxEventIds"/>.</summary>
    public required IReadOnlyList<string> EventIds { get; init; }

    public required DateTimeOffset FirstEventTime { get; init; }

    public required DateTimeOffset LastEventTime { get; init; }

    /// <summary>
    /// The event time the match was decided at: the last contributing event for a sliding window, the window's end for a
    /// fixed one (lt / lte / eq). A correlation referring to this one receives the match at this time.
    /// </summary>
    public required DateTimeOffset DecidedAt { get; init; }

    /// <summary>The eventID of the earliest contributing event.</summary>
    public string FirstEventId => EventIds[0];

    /// <summary>The unambiguous text of the group values (each length-prefixed), as the alert id uses it.</summary>
    public required string GroupKey { get; init; }

    /// <summary>Deterministic: the correlation id, the group key and the first contributing eventID, so a rescan gives the same id.</summary>
    public string AlertId => Alerts.AlertId.For(Correlation.Id, GroupKey + "\n" + FirstEventId);

    public override string ToString() =>
        $"{Correlation.Id} [{string.Join(", ", GroupBy.Zip(GroupValues, (n, v) => $"{n}={v}"))}] count={Count} events={EventCount} {FirstEventTime:O}..{LastEventTime:O}";
}
