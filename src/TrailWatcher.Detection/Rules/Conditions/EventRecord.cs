using System.Text.Json;
using TrailWatcher.Detection.Accounts;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>One CloudTrail record as conditions see it: its JSON, and derived fields computed at most once, on first read.</summary>
/// <remarks>Not thread-safe: one evaluator evaluates one record at a time.</remarks>
public sealed class EventRecord(JsonElement root)
{
    private Dictionary<DerivedField, JsonElement[]>? _derived;

    /// <summary>The record's JSON object.</summary>
    public JsonElement Root { get; } = root;

    /// <summary>The accounts the <c>account.*</c> fields are read from; empty unless the evaluator was given some.</summary>
    public AccountDirectory Accounts { get; init; } = AccountDirectory.Empty;

    /// <summary>The values of a derived field for this record; computed once, whatever the number of leaves that read it.</summary>
    internal JsonElement[] Derived(DerivedField field)
    {
        _derived ??= [];
        if (!_derived.TryGetValue(field, out var values))
        {
            values = field.Compute(this);
            _derived[field] = values;
        }

        return values;
    }
}
