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

    /// <summary>What tuning made of the correlations: turned off, severity, signal, exceptions.</summary>
    public CorrelationTuningSet CorrelationTuning { get; init; } = CorrelationTuningSet.Empty;

    /// <summary>What tuning warned about (expired exceptions), for rules and correlations.</summary>
    public IReadOnlyList<TuningWarning> Warnings => [.. Tuned.Warnings, .. CorrelationTuning.Warnings];
}
