using System.Text.Json;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary><c>equals_field</c>: a value of the field equals a value of another field of the same record (by text).</summary>
internal sealed class FieldReferenceCondition(FieldReader field, FieldReader other, bool ignoreCase) : Condition
{
    private readonly StringComparison _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    public FieldReader Field { get; } = field;

    public FieldReader Other { get; } = other;

    internal override void CollectFields(List<FieldReader> fields)
    {
        fields.Add(Field);
        fields.Add(Other);
    }

    public override bool Matches(EventRecord record)
    {
        var theirs = Texts(Other.Resolve(record));
        if (theirs.Count == 0)
        {
            return false;
        }

        foreach (var mine in Texts(Field.Resolve(record)))
        {
            foreach (var candidate in theirs)
            {
                if (string.Equals(mine, candidate, _comparison))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // Scalars compare by their text (a string's content, a number's JSON); arrays contribute their scalar elements; null and objects nothing.
    private static List<string> Texts(IReadOnlyList<JsonElement> values)
    {
        var texts = new List<string>(values.Count);
        foreach (var value in values)
        {
            if (value.ValueKind == JsonValueKind.Array)
            {
                foreach (var element in value.EnumerateArray())
                {
                    AddScalar(texts, element);
                }
            }
            else
            {
                AddScalar(texts, value);
            }
        }

        return texts;
    }

    private static void AddScalar(List<string> texts, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                texts.Add(value.GetString()!);
                break;
            case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                texts.Add(value.GetRawText());
                break;
        }
    }
}
