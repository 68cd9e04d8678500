namespace TrailWatcher.Detection.Rules.Tuning;

/// <summary>The rules with every tuning applied, and the warnings applying it raised (to be logged once, at load).</summary>
public sealed record TunedRules(RuleSet Rules, IReadOnlyList<TuningWarning> Warnings);
