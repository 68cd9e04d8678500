using System.Text.Json;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>A test of the values at one field path; matches when any resolved value passes.</summary>
internal abstract class LeafCondition(FieldReader field) : Condition, IValuePredicate
{
    public FieldReader Field { get; } = field;

    public override bool Matches(EventRecord record) => Field.Any(record, this);

    public abstract bool Test(JsonElement value);

    internal override void CollectFields(List<FieldReader> fields) => fields.Add(Field);
}
