using TrailWatcher.Detection.Rules;

namespace TrailWatcher.Detection.Correlation.Loading;

/// <summary>What rule directories hold: the single-event rules (with the base rules of correlation files) and the correlations over them.</summary>
/// <param name="Rules">Every single-event rule, native, Sigma or EQL.</param>
/// <param name="Correlations">The correlations, resolved against <paramref name="Rules"/>.</param>
public sealed record RulePack(RuleSet Rules, CorrelationSet Correlations);
