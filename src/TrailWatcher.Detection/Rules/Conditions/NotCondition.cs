namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary><c>not</c> (and <c>not_equals</c>): the child does not match.</summary>
internal sealed class NotCondition(Condition child) : Condition
{
    public Condition Child { get; } = child;

    public override bool Matches(EventRecord record) => !Child.Matches(record);

    internal override void CollectFields(List<FieldReader> fields) => Child.CollectFields(fields);
}
