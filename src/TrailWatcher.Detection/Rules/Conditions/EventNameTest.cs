using System.Buffers;
using System.Text.Json;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>
/// The part of a condition that reads nothing but the top-level <c>eventName</c>: the rule index decides it once per
/// distinct name instead of once per record, so a rule such as "any IAM call that is not a Get or List" is not even
/// offered the reads.
/// </summary>
public sealed class EventNameTest
{
    private readonly Condition _condition;

    private EventNameTest(Condition condition)
    {
        _condition = condition;
    }

    /// <summary>The test a record's eventName must pass for the condition to match; null when no part reads only eventName.</summary>
    public static EventNameTest? Derive(Condition condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        if (ReadsOnlyName(condition))
        {
            return new EventNameTest(condition);
        }

        if (condition is AllCondition all && all.Children.Where(ReadsOnlyName).ToArray() is { Length: > 0 } parts)
        {
            return new EventNameTest(parts.Length == 1 ? parts[0] : new AllCondition(parts));
        }

        return null;
    }

    /// <summary>False only when no record whose top-level eventName is this string can match.</summary>
    public bool Admits(string eventName)
    {
        var json = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            writer.WriteString("eventName", eventName);
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(json.WrittenMemory);
        try
        {
            return _condition.Matches(new EventRecord(document.RootElement));
        }
        catch (RuleEvaluationException)
        {
            // Undecided (a regex ran out of time): offer the rule and let the record decide.
            return true;
        }
    }

    private static bool ReadsOnlyName(Condition condition) => condition switch
    {
        LeafCondition { Field: FieldPath path } => path.IsTopLevelProperty("eventName"),
        NotCondition not => ReadsOnlyName(not.Child),
        AllCondition all => all.Children.All(ReadsOnlyName),
        AnyCondition any => any.Children.All(ReadsOnlyName),
        _ => false,
    };
}
