namespace TrailWatcher.Detection.Rules;

/// <summary>How matches of one rule are grouped into one alert: a key template over event fields and a period.</summary>
/// <param name="KeyTemplate">Text with <c>{field.path}</c> placeholders; the rule id when absent.</param>
/// <param name="Period">How long one alert collects later matches.</param>
public sealed record DedupSettings(string KeyTemplate, TimeSpan Period);
