using TrailWatcher.Detection.Alerts;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Correlation;

/// <summary>What became of one correlation match: its alert, or why there is none, and what its tuning exceptions did.</summary>
/// <param name="Alert">The alert to raise; null when the correlation is turned off or an exception silenced the match.</param>
public sealed record CorrelationAlertDecision(Alert? Alert)
{
    /// <summary>The exception that silenced the match (to be counted and logged, never silently lost); null when none did.</summary>
    public ExceptionClause? SilencedBy { get; init; }

    /// <summary>Exceptions found past their expiry for the first time by this decider (no longer applied).</summary>
    public IReadOnlyList<ExceptionClause> ExpiredExceptions { get; init; } = [];

    /// <summary>Exceptions that could not decide (a regex timeout): they silenced nothing.</summary>
    public IReadOnlyList<RuleEvaluationException> Errors { get; init; } = [];
}
