namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>A predicate over one CloudTrail record.</summary>
public abstract class Condition
{
    public abstract bool Matches(EventRecord record);
}
