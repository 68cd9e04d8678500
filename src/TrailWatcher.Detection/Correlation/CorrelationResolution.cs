using TrailWatcher.Detection.Rules.Loading;

namespace TrailWatcher.Detection.Correlation;

/// <summary>The outcome of resolving correlations: the set when every reference resolved, and every problem otherwise.</summary>
public sealed record CorrelationResolution(CorrelationSet? Set, IReadOnlyList<RuleLoadError> Errors);
