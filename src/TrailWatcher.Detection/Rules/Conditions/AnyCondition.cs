namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary><c>any</c>: at least one child matches.</summary>
internal sealed class AnyCondition(Condition[] children) : Condition
{
    public IReadOnlyList<Condition> Children => children;

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
