using System.Text.Json;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary><c>open_to_world</c>: somewhere under the field (ip permissions, a NACL entry) a range is all of IPv4 or IPv6.</summary>
internal sealed class OpenToWorldCondition(FieldReader field, bool expected) : Condition
{
    public FieldReader Field { get; } = field;

    internal override void CollectFields(List<FieldReader> fields) => fields.Add(Field);

    public override bool Matches(EventRecord record)
    {
        foreach (var value in Field.Resolve(record))
        {
            if (HoldsWorldRange(value, depth: 0))
            {
                return expected;
            }
        }

        return !expected;
    }

    private static bool HoldsWorldRange(JsonElement value, int depth)
    {
        // CloudTrail nests ip permissions a few levels deep (items → ipRanges → items); 32 is far beyond any real record.
        if (depth > 32)
        {
            return false;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return value.ValueEquals("0.0.0.0/0") || value.ValueEquals("::/0");
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    if (HoldsWorldRange(property.Value, depth + 1))
                    {
                        return true;
                    }
                }

                return false;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    if (HoldsWorldRange(item, depth + 1))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }
}
