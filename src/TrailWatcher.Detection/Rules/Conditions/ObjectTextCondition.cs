using System.Text.Encodings.Web;
using System.Text.Json;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>Applies a leaf to a scalar; to an object, applies it to the object's compact JSON text and to each scalar nested in it. A JSON null holds no value.</summary>
/// <remarks>
/// Sigma rules test whole objects (<c>requestParameters|contains: 'Suspended'</c>). The compact text lets a pattern span
/// keys and values; the nested scalars let it see a string as written, since JSON text escapes the quotes inside an
/// embedded policy document (<c>'"Allow"'</c> appears in the policy, not in the escaped JSON).
/// </remarks>
internal sealed class ObjectTextCondition(FieldReader field, LeafCondition inner) : LeafCondition(field)
{
    private static readonly JsonWriterOptions CompactOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public LeafCondition Inner { get; } = inner;

    public override bool Test(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => false,
        JsonValueKind.Object => Inner.Test(DerivedField.TextValue(Compact(value))) || AnyNested(value),
        _ => Inner.Test(value),
    };

    /// <summary>The value's JSON without insignificant white space, with only the escapes JSON requires.</summary>
    public static string Compact(JsonElement value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, CompactOptions))
        {
            value.WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, checked((int)buffer.Length));
    }

    private bool AnyNested(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    if (AnyNested(property.Value))
                    {
                        return true;
                    }
                }

                return false;
            case JsonValueKind.Array:
                foreach (var element in value.EnumerateArray())
                {
                    if (AnyNested(element))
                    {
                        return true;
                    }
                }

                return false;
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return false;
            default:
                return Inner.Test(value);
        }
    }
}
