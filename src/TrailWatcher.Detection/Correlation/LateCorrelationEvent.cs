namespace TrailWatcher.Detection.Correlation;

/// <summary>A match that arrived after the watermark had passed its event time: not counted into any window, reported instead.</summary>
/// <param name="RuleId">The referenced rule that matched.</param>
/// <param name="EventId">The record's eventID.</param>
/// <param name="EventTime">The record's eventTime.</param>
/// <param name="Watermark">The watermark when it arrived (newest eventTime seen minus the allowed lateness).</param>
public sealed record LateCorrelationEvent(string RuleId, string EventId, DateTimeOffset EventTime, DateTimeOffset Watermark);
