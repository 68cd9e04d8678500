using System.Text.Json;
using TrailWatcher.Detection.Accounts;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>One CloudTrail record as conditions see it: its JSON, and derived fields computed at most once, on first read.</summary>
/// <remarks>Not thread-safe: one evaluator evaluates one record at a time.</remarks>
public sealed class EventRecord(JsonElement root)
{
    private Dictionary<DerivedField, JsonElement[]>? _derived;
    private TopLevelProperties? _topLevel;
    private bool _mayList;

    /// <summary>The record's JSON object.</summary>
    public JsonElement Root { get; } = root;

    /// <summary>The accounts the <c>account.*</c> fields are read from; empty unless the evaluator was given some.</summary>
    public AccountDirectory Accounts { get; init; } = AccountDirectory.Empty;

    /// <summary>
    /// Whether the record lists its top-level properties on the first lookup, borrowing its thread's list until
    /// <see cref="ReleaseTopLevel"/>: set by the evaluator, which releases it; a record made elsewhere walks the parsed object.
    /// </summary>
    internal bool ListsTopLevel
    {
        init => _mayList = value;
    }

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

    /// <summary>A top-level property of the record, as <see cref="JsonElement.TryGetProperty(ReadOnlySpan{byte}, out JsonElement)"/> finds it; false when the record is not an object.</summary>
    internal bool TryGetProperty(ReadOnlySpan<byte> name, out JsonElement value)
    {
        if (_topLevel is { } listed)
        {
            return listed.TryGet(name, out value);
        }

        if (Root.ValueKind != JsonValueKind.Object)
        {
            value = default;
            return false;
        }

        // Listed on the first lookup: a record reaches evaluation because a rule's guard admitted it, and nearly every
        // such record matches, after which its dedup key, eventID and eventTime are read too. A record whose listing
        // failed (an escaped name) is not tried again.
        if (_mayList)
        {
            _mayList = false;
            var list = TopLevelProperties.Rent();
            if (list.TryFill(Root))
            {
                _topLevel = list;
                return list.TryGet(name, out value);
            }

            TopLevelProperties.Return(list);
        }

        return Root.TryGetProperty(name, out value);
    }

    /// <summary>Ends the record's use of its thread's property list; later lookups walk the parsed object again.</summary>
    internal void ReleaseTopLevel()
    {
        _mayList = false;
        if (_topLevel is { } list)
        {
            _topLevel = null;
            TopLevelProperties.Return(list);
        }
    }
}
