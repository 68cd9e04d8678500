namespace TrailWatcher.IntegrationTests.Support;

/// <summary>The fields of one alert line in the file sink that the worker tests check.</summary>
/// <param name="Id">The alert id.</param>
/// <param name="RuleId">The rule (or correlation) that raised it.</param>
/// <param name="EventId">The eventID of its (first) event.</param>
/// <param name="Source">The trail file it was read from.</param>
/// <param name="EventIds">Every event the alert counts (event_ids): one for a plain alert, each contributing event for a correlation.</param>
internal sealed record AlertLine(string Id, string RuleId, string EventId, string Source, IReadOnlyList<string> EventIds);
