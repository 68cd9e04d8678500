using TrailWatcher.Detection.Rules;

namespace TrailWatcher.Detection.Evaluation;

/// <summary>A tuning exception found past its expiry while evaluating: it no longer applies. Reported once per exception and evaluator.</summary>
/// <param name="Rule">The rule it was met on first.</param>
/// <param name="Exception">The expired exception.</param>
public sealed record ExceptionExpiry(Rule Rule, ExceptionClause Exception);
