using System.Text.Json;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>A field computed from the whole record (a view such as ECS's <c>event.outcome</c>), built only when a leaf reads it.</summary>
/// <param name="name">The field's name in the rule's language.</param>
/// <param name="compute">Builds the field's values from the record; an empty array when the field is absent.</param>
public sealed class DerivedField(string name, Func<EventRecord, JsonElement[]> compute) : FieldReader
{
    public override string Text { get; } = name;

    public override IReadOnlyList<JsonElement> Resolve(EventRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Derived(this);
    }

    public override bool TryGetFirst(EventRecord record, out JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(record);
        var values = record.Derived(this);
        value = values.Length > 0 ? values[0] : default;
        return values.Length > 0;
    }

    internal override bool Any(EventRecord record, IValuePredicate predicate)
    {
        foreach (var value in record.Derived(this))
        {
            if (predicate.Test(value))
            {
                return true;
            }
        }

        return false;
    }

    internal JsonElement[] Compute(EventRecord record) => compute(record);

    /// <summary>A text value as a JSON string element, for fields whose view renders text.</summary>
    public static JsonElement TextValue(string text) => JsonSerializer.SerializeToElement(text, DerivedJson.Default.String);
}
