using System.Text.Json;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>A test of the values at one field path; matches when any resolved value passes.</summary>
internal abstract class LeafCondition(FieldPath path) : Condition, IValuePredicate
{
    public FieldPath Path { get; } = path;

    public override bool Matches(JsonElement record) => Path.Any(record, this);

    public abstract bool Test(JsonElement value);
}
