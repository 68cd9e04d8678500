namespace TrailWatcher.IntegrationTests.Support;

/// <summary>The fields of one alert line in the file sink that the worker tests check.</summary>
internal sealed record AlertLine(string Id, string RuleId, string EventId, string Source);
