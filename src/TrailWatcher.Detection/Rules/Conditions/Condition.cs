namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>A predicate over one CloudTrail record.</summary>
public abstract class Condition
{
    public abstract bool Matches(EventRecord record);

    /// <summary>Adds every field the condition may read (children first to last); for tools that show why a rule decided as it did.</summary>
    internal virtual void CollectFields(List<FieldReader> fields)
    {
    }
}
