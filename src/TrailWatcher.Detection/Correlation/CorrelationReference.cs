namespace TrailWatcher.Detection.Correlation;

/// <summary>A rule named in a correlation (by id or name) as written, with where it was written, for resolution errors.</summary>
public sealed record CorrelationReference(string Text, int Line, int Column);
