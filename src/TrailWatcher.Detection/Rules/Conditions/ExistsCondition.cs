using System.Text.Json;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary><c>exists</c> / <c>is_null</c>: whether the path resolves to any non-null value.</summary>
internal sealed class ExistsCondition(FieldReader field, bool shouldExist) : LeafCondition(field)
{
    public bool ShouldExist { get; } = shouldExist;

    public override bool Matches(EventRecord record) => Field.Any(record, this) == ShouldExist;

    public override bool Test(JsonElement value) => value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);
}
