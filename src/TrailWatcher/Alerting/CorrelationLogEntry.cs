namespace TrailWatcher.Alerting;

/// <summary>One step of the correlation log that replicas share: a match of a referenced rule, or an account's newest eventTime.</summary>
/// <param name="Writer">The replica that appended it, so only that one reports it (late, for instance).</param>
/// <param name="Account">The trail's account, whose engine (and watermark) the step belongs to.</param>
/// <param name="Ticks">The match's eventTime, or the newest eventTime read, in UTC ticks.</param>
/// <param name="RuleId">The matched rule; null for a newest-time step.</param>
/// <param name="EventId">The matched record's eventID; null for a newest-time step.</param>
/// <param name="RecordJson">The matched record; null for a newest-time step.</param>
internal sealed record CorrelationLogEntry(string Writer, string Account, long Ticks, string? RuleId = null, string? EventId = null, string? RecordJson = null)
{
    public bool IsMatch => RuleId is not null;
}
