namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>The fields a condition reads, for tools that show a record's values beside a rule's verdict (<c>rules compare</c>).</summary>
public static class ConditionFields
{
    /// <summary>Each field once (by its name as written), in the order the condition first names it.</summary>
    public static IReadOnlyList<FieldReader> Of(Condition condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var all = new List<FieldReader>();
        condition.CollectFields(all);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return [.. all.Where(f => seen.Add(f.Text))];
    }
}
