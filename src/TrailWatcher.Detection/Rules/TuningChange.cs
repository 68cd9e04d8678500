namespace TrailWatcher.Detection.Rules;

/// <summary>One setting a tuning file changed on a rule (severity, enabled, an exception, …), with where it is written.</summary>
/// <param name="Setting">The tuning key: <c>enabled</c>, <c>severity</c>, <c>signal</c>, <c>dedup.period</c>, <c>threshold</c>, <c>exception</c>, or <c>expired_exception</c> for one that no longer applies.</param>
/// <param name="Value">The value set, as the listing shows it (an exception's name).</param>
/// <param name="File">The tuning file.</param>
/// <param name="Line">The 1-based line of the setting.</param>
public sealed record TuningChange(string Setting, string Value, string File, int Line)
{
    public override string ToString() => $"{Setting}: {Value} ({File}:{Line})";
}
