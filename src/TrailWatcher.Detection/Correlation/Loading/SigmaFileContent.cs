using TrailWatcher.Detection.Rules;
using TrailWatcher.Detection.Rules.Loading;

namespace TrailWatcher.Detection.Correlation.Loading;

/// <summary>What one (possibly multi-document) Sigma file holds: its correlation rules, its single-event rules, and every problem found.</summary>
/// <param name="Correlations">The correlation documents that parsed, in file order.</param>
/// <param name="Rules">The single-event Sigma documents that compiled, in file order.</param>
/// <param name="Skipped">Single-event documents left out on purpose (a log source other than aws/cloudtrail), with the reason.</param>
/// <param name="Errors">Every problem, with file, line and column; empty when the whole file loaded.</param>
public sealed record SigmaFileContent(
    IReadOnlyList<CorrelationRule> Correlations,
    IReadOnlyList<Rule> Rules,
    IReadOnlyList<string> Skipped,
    IReadOnlyList<RuleLoadError> Errors);
