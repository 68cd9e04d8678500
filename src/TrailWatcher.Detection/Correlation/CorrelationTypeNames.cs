namespace TrailWatcher.Detection.Correlation;

/// <summary>The specification's names for each <see cref="CorrelationType"/>.</summary>
public static class CorrelationTypeNames
{
    private static readonly (CorrelationType Type, string Name)[] Table =
    [
        (CorrelationType.EventCount, "event_count"),
        (CorrelationType.ValueCount, "value_count"),
        (CorrelationType.Temporal, "temporal"),
        (CorrelationType.TemporalOrdered, "temporal_ordered"),
    ];

    /// <summary>Every name, for messages.</summary>
    public static string List { get; } = string.Join(", ", Table.Select(t => t.Name));

    public static string Name(CorrelationType type) => Table.First(t => t.Type == type).Name;

    /// <summary>Reads a name exactly as the specification spells it (lowercase).</summary>
    public static bool TryParse(string? name, out CorrelationType type)
    {
        foreach (var row in Table)
        {
            if (string.Equals(row.Name, name, StringComparison.Ordinal))
            {
                type = row.Type;
                return true;
            }
        }

        type = default;
        return false;
    }
}
