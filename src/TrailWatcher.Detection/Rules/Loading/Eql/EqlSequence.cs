using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary>A compiled EQL <c>sequence</c>: its steps in order and the time they must fall within.</summary>
/// <param name="Steps">Two or more steps, in the order their events must occur.</param>
/// <param name="Maxspan">The query's <c>with maxspan</c>; null when it gives none.</param>
/// <param name="JoinKeys">How many join keys each step has (shared <c>sequence by</c> fields first, then the step's own).</param>
public sealed record EqlSequence(IReadOnlyList<EqlSequenceStep> Steps, TimeSpan? Maxspan, int JoinKeys)
{
    /// <summary>The <c>until</c> step: an event matching it (same join key values) ends the partial sequences begun before it; null when none.</summary>
    public EqlSequenceStep? Until { get; init; }
}

/// <summary>One step of a compiled sequence: its single-event condition and the record path of each of its join keys.</summary>
/// <param name="Condition">The step's query (category and condition), compiled as a single-event query is.</param>
/// <param name="Keys">Per join key, the name as written and the record path the resolver maps it to; lined up by position across steps.</param>
public sealed record EqlSequenceStep(Condition Condition, IReadOnlyList<(string Name, FieldPath Path)> Keys);
