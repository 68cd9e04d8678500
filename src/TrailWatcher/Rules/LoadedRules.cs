using TrailWatcher.Detection.Correlation;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Detection.Rules.Tuning;

namespace TrailWatcher.Rules;

/// <summary>The loaded rules with their tuning applied, and the correlations over them.</summary>
/// <param name="Tuned">The single-event rules after tuning, with the tuning's warnings.</param>
/// <param name="Correlations">The correlations, resolved against the rules.</param>
internal sealed record LoadedRules(TunedRules Tuned, CorrelationSet Correlations)
{
    /// <summary>The single-event rules after tuning.</summary>
    public RuleSet Rules => Tuned.Rules;

    /// <summary>The correlations a tuning file turned off: they still count, and raise nothing.</summary>
    public IReadOnlySet<string> DisabledCorrelations { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>What tuning warned about (expired exceptions).</summary>
    public IReadOnlyList<TuningWarning> Warnings => Tuned.Warnings;
}
