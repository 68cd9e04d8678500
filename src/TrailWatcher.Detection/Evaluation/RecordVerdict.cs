using TrailWatcher.Detection.Reading;
using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Evaluation;

/// <summary>What went wrong while evaluating one record, and what tuning exceptions did; the matches themselves go to the caller's list.</summary>
/// <param name="FormatError">The record is not valid JSON: no rule was evaluated.</param>
/// <param name="RuleErrors">Rules that could not decide on the record (a regex timeout); the other rules were evaluated.</param>
public readonly record struct RecordVerdict(CloudTrailFormatException? FormatError, IReadOnlyList<RuleEvaluationException>? RuleErrors)
{
    /// <summary>Every candidate rule decided.</summary>
    public static RecordVerdict Clean => default;

    /// <summary>Matches that a tuning exception silenced instead of raising; null when none.</summary>
    public IReadOnlyList<Suppression>? Suppressions { get; init; }

    /// <summary>Exceptions met past their expiry for the first time by this evaluator; null when none.</summary>
    public IReadOnlyList<ExceptionExpiry>? ExpiredExceptions { get; init; }
}
