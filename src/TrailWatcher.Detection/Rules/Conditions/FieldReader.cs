using System.Text.Json;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>What a leaf condition reads from a record: a JSON path, or a field derived from the record.</summary>
public abstract class FieldReader
{
    /// <summary>The name a rule wrote, for messages.</summary>
    public abstract string Text { get; }

    /// <summary>Every value the field holds for this record, in document order.</summary>
    public abstract IReadOnlyList<JsonElement> Resolve(EventRecord record);

    /// <summary>The first value, if any.</summary>
    public abstract bool TryGetFirst(EventRecord record, out JsonElement value);

    /// <summary>True when the predicate holds for any value; stops at the first that does.</summary>
    internal abstract bool Any(EventRecord record, IValuePredicate predicate);

    public override string ToString() => Text;
}
