using TrailWatcher.Detection.Evaluation;

namespace TrailWatcher.Pipeline;

/// <summary>Rule matches found in one record batch, on their way to the router and the sinks.</summary>
internal sealed record AlertBatch(ObjectWork Work, IReadOnlyList<RuleMatch> Matches);
