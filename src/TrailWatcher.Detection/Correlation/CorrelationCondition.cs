namespace TrailWatcher.Detection.Correlation;

/// <summary>A correlation's <c>condition</c>: bounds on the measured count (all given bounds must hold) and, for value_count, the counted field.</summary>
public sealed class CorrelationCondition
{
    public long? GreaterThan { get; init; }

    public long? GreaterOrEqual { get; init; }

    public long? LessThan { get; init; }

    public long? LessOrEqual { get; init; }

    public long? EqualTo { get; init; }

    /// <summary>value_count's field (a field name or an alias), null for the other types.</summary>
    public string? Field { get; init; }

    /// <summary>
    /// True when the condition limits the count from above (<c>lt</c>, <c>lte</c>, <c>eq</c>): such a count can only be
    /// decided once its window has closed, because a later event in the window could still break it.
    /// </summary>
    public bool HasUpperBound => LessThan is not null || LessOrEqual is not null || EqualTo is not null;

    /// <summary>True when the count satisfies every bound.</summary>
    public bool IsMet(long count) =>
        (GreaterThan is not { } gt || count > gt)
        && (GreaterOrEqual is not { } gte || count >= gte)
        && (LessThan is not { } lt || count < lt)
        && (LessOrEqual is not { } lte || count <= lte)
        && (EqualTo is not { } eq || count == eq);

    /// <summary>The bounds as the rule wrote them, for messages: <c>gte 10</c>, <c>gt 100 and lte 200</c>.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        void Add(string name, long? value)
        {
            if (value is { } v)
            {
                parts.Add($"{name} {v}");
            }
        }

        Add("gt", GreaterThan);
        Add("gte", GreaterOrEqual);
        Add("lt", LessThan);
        Add("lte", LessOrEqual);
        Add("eq", EqualTo);
        return string.Join(" and ", parts);
    }
}
