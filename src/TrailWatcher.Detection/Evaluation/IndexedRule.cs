using TrailWatcher.Detection.Rules;

namespace TrailWatcher.Detection.Evaluation;

/// <summary>A rule with the event names and sources it can match (null: any).</summary>
internal sealed record IndexedRule(Rule Rule, HashSet<string>? Names, HashSet<string>? Sources);
