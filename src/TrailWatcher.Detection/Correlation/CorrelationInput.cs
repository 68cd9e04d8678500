using TrailWatcher.Detection.Rules;
using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Correlation;

/// <summary>One referenced rule of a compiled correlation: where its events come from and where their group-by and counted values are read.</summary>
/// <remarks>
/// A single-event rule's values are read from the record with a <see cref="FieldPath"/>; a referenced correlation has no
/// record, so its values are its own group-by values, looked up by name.
/// </remarks>
internal sealed class CorrelationInput
{
    /// <summary>The single-event rule, or null when the input is another correlation.</summary>
    public Rule? Rule { get; init; }

    /// <summary>The correlation whose matches feed this input, or null for a single-event rule.</summary>
    public CorrelationRule? Inner { get; init; }

    /// <summary>Position in the correlation's <c>rules</c> list (temporal_ordered's order).</summary>
    public required int Position { get; init; }

    /// <summary>One path per group-by entry (after aliases), for a single-event rule.</summary>
    public IReadOnlyList<FieldPath> GroupPaths { get; init; } = [];

    /// <summary>One index into the inner correlation's group values per group-by entry, for a referenced correlation.</summary>
    public IReadOnlyList<int> GroupIndexes { get; init; } = [];

    /// <summary>value_count's field for a single-event rule; null otherwise.</summary>
    public FieldPath? ValuePath { get; init; }

    /// <summary>value_count's field as an index into the inner correlation's group values; -1 when none.</summary>
    public int ValueIndex { get; init; } = -1;
}
