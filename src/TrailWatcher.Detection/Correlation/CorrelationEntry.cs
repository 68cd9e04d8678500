namespace TrailWatcher.Detection.Correlation;

/// <summary>One match of a referenced rule held in a group: when it happened, which event, which referenced rule, and value_count's value.</summary>
/// <param name="Ticks">eventTime as UTC ticks.</param>
/// <param name="EventId">The CloudTrail eventID, or a referenced correlation match's alert id.</param>
/// <param name="Position">The referenced rule's position in the correlation's <c>rules</c>; <see cref="UntilPosition"/> for the until rule.</param>
/// <param name="Value">value_count's field value; null when the event has none (it then counts no value).</param>
internal readonly record struct CorrelationEntry(long Ticks, string EventId, int Position, string? Value) : IComparable<CorrelationEntry>
{
    /// <summary>The position of an until rule's entry: it ends partial sequences and stands for no referenced rule.</summary>
    public const int UntilPosition = -1;

    public bool IsUntil => Position == UntilPosition;

    // Event time first; eventID and position only make the order total, so the same set of events sorts one way whatever their arrival.
    public int CompareTo(CorrelationEntry other)
    {
        var byTime = Ticks.CompareTo(other.Ticks);
        if (byTime != 0)
        {
            return byTime;
        }

        var byEvent = string.CompareOrdinal(EventId, other.EventId);
        return byEvent != 0 ? byEvent : Position.CompareTo(other.Position);
    }
}
