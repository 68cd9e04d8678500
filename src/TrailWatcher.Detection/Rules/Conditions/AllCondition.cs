namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary><c>all</c>: every child matches (short-circuits on the first that does not).</summary>
internal sealed class AllCondition(Condition[] children) : Condition
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
            if (!child.Matches(record))
            {
                return false;
            }
        }

        return true;
    }
}
