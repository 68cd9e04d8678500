using TrailWatcher.Detection.Rules;

namespace TrailWatcher.Detection.Evaluation;

/// <summary>A match that a tuning exception silenced: reported to the caller so it is counted and logged, never silently lost.</summary>
/// <param name="Rule">The rule whose condition matched.</param>
/// <param name="Exception">The exception that silenced the match.</param>
/// <param name="EventId">The record's eventID, when it has one.</param>
public sealed record Suppression(Rule Rule, ExceptionClause Exception, string? EventId);
