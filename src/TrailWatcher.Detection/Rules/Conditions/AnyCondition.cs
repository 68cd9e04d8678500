namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary><c>any</c>: at least one child matches.</summary>
internal sealed class AnyCondition(Condition[] children) : Condition
{
    public IReadOnlyList<Condition> Children => children;

    internal override void CollectFields(List<FieldReader> fields)
    {
        foreach (var child in children)
        {
            child.CollectFields(fields);
        }
    }

    public override bool Matches(EventRecord record)
    {
        foreach (var child in children)
        {
            if (child.Matches(record))
            {
                return true;
            }
        }

        return false;
    }
}
