namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>Derives from a condition the values a top-level field must take for it to match, when that is knowable.</summary>
public static class ConditionKeys
{
    /// <summary>
    /// A superset of the values of <paramref name="field"/> that can satisfy <paramref name="condition"/>,
    /// compared ignoring case; null when any value might (the rule then needs every record).
    /// </summary>
    public static HashSet<string>? Derive(Condition condition, string field)
    {
        ArgumentNullException.ThrowIfNull(condition);
        switch (condition)
        {
            case EqualsCondition equals when IsTopLevel(equals.Field, field):
                return new HashSet<string>(StringComparer.OrdinalIgnoreCase) { equals.Value };
            case OneOfCondition oneOf when IsTopLevel(oneOf.Field, field):
                return new HashSet<string>(oneOf.Values, StringComparer.OrdinalIgnoreCase);
            case AllCondition all:
                // Every child must hold, so any one constrained child bounds the whole; the smallest is the tightest.
                HashSet<string>? smallest = null;
                foreach (var child in all.Children)
                {
                    var keys = Derive(child, field);
                    if (keys is not null && (smallest is null || keys.Count < smallest.Count))
                    {
                        smallest = keys;
                    }
                }

                return smallest;
            case AnyCondition any:
                // One unconstrained branch is enough to make the whole unconstrained.
                var union = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var child in any.Children)
                {
                    if (Derive(child, field) is not { } keys)
                    {
                        return null;
                    }

                    union.UnionWith(keys);
                }

                return union;
            default:
                return null;
        }
    }

    private static bool IsTopLevel(FieldReader reader, string field) => reader is FieldPath path && path.IsTopLevelProperty(field);
}
