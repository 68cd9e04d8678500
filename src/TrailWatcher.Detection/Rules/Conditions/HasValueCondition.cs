using System.Text.Json;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>The field holds a value: present, not JSON null and not an empty list (Sigma's <c>exists</c>; negated, its <c>null</c>).</summary>
/// <remarks>Its negation is a <see cref="NotCondition"/> around it, never a leaf, so no guard assumes the field's name is in the record.</remarks>
internal sealed class HasValueCondition(FieldReader field) : LeafCondition(field)
{
    public override bool Test(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => false,
        JsonValueKind.Array => value.GetArrayLength() > 0,
        _ => true,
    };
}
