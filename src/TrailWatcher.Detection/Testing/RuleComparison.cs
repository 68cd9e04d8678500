namespace TrailWatcher.Detection.Testing;

/// <summary>Two rules' verdicts on one record, with what identifies the record.</summary>
/// <param name="EventId">The record's eventID, when it has one.</param>
/// <param name="EventName">The record's eventName, when it has one.</param>
/// <param name="First">The first rule's verdict.</param>
/// <param name="Second">The second rule's verdict.</param>
public sealed record RuleComparison(string? EventId, string? EventName, RuleVerdict First, RuleVerdict Second)
{
    /// <summary>Both rules raise an alert, or neither does; two errors agree, an error and anything else do not.</summary>
    public bool Agree => First.Kind == RuleVerdictKind.Error || Second.Kind == RuleVerdictKind.Error
        ? First.Kind == Second.Kind
        : First.Raises == Second.Raises;
}
