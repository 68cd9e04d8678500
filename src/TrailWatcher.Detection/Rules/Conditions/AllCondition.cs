namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary><c>all</c>: every child matches (short-circuits on the first that does not).</summary>
internal sealed class AllCondition(Condition[] children) : Condition
{
    public IReadOnlyList<Condition> Children => children;

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
