using System.Text;
using System.Text.Json;
using TrailWatcher.Detection.Evaluation;
using TrailWatcher.Detection.Reading;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Detection.Rules.Conditions;
using TrailWatcher.Detection.Rules.Ecs;

namespace TrailWatcher.Detection.Testing;

/// <summary>Runs two rules, of any format, over the same records through the production path (index, guard, condition, tuning exceptions), for <c>rules compare</c>.</summary>
public sealed class RuleComparer
{
    // A rendered request of several kilobytes would bury the verdicts; the record itself holds the rest.
    private const int MaxValueLength = 300;

    private readonly RecordEvaluator _evaluator;

    /// <param name="first">One rule, enabled or not.</param>
    /// <param name="second">The other rule, enabled or not.</param>
    public RuleComparer(Rule first, Rule second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        First = first;
        Second = second;
        _evaluator = new RecordEvaluator([first, second]);
    }

    public Rule First { get; }

    public Rule Second { get; }

    /// <summary>Both verdicts on a record read from a log.</summary>
    /// <param name="record">The record as the reader returned it.</param>
    /// <param name="source">The file it came from, for messages.</param>
    public RuleComparison Compare(in RawRecord record, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var offered = _evaluator.Index.Admit(_evaluator.Index.Candidates(record.EventSource.Span, record.EventName.Span), record.Json.Span, record.Traits, record.Identity) ?? [];
        var first = Verdict(First, offered, record.Json, source, record.Index);
        var second = Verdict(Second, offered, record.Json, source, record.Index);
        var (eventId, eventName) = Identity(record.Json);
        return new RuleComparison(eventId, eventName, first, second);
    }

    /// <summary>Both verdicts on one event given as JSON (a rule's test event), read through the same reader as a log's records.</summary>
    /// <exception cref="CloudTrailFormatException">The event is not one valid record.</exception>
    public RuleComparison CompareEvent(string eventJson)
    {
        ArgumentNullException.ThrowIfNull(eventJson);
        var record = TestRecordReader.ReadSingle("{\"Records\":[" + eventJson + "]}");
        var raw = new RawRecord(record.Json, record.EventSource, record.EventName, ReadOnlyMemory<byte>.Empty, 0, 0, record.Traits, record.Identity);
        return Compare(raw, "test event");
    }

    /// <summary>Each field the rule's condition reads and its value in the record; an EQL rule's fields by their ECS names.</summary>
    public static IReadOnlyList<FieldValue> Fields(Rule rule, ReadOnlyMemory<byte> recordJson)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var readers = ConditionFields.Of(rule.Condition);
        using var document = JsonDocument.Parse(recordJson);
        var record = new EventRecord(document.RootElement);
        return [.. readers.Select(reader => new FieldValue(Label(rule, reader), Text(reader.Resolve(record))))];
    }

    private RuleVerdict Verdict(Rule rule, Rule[] offered, ReadOnlyMemory<byte> json, string source, long index)
    {
        if (!offered.Contains(rule))
        {
            return new RuleVerdict(RuleVerdictKind.NoMatch);
        }

        var matches = new List<RuleMatch>(1);
        var verdict = _evaluator.Evaluate(json, [rule], source, index, DateTimeOffset.UtcNow, matches);
        if (verdict.FormatError is { } format)
        {
            return new RuleVerdict(RuleVerdictKind.Error, format.Message);
        }

        if (verdict.RuleErrors is [var error, ..])
        {
            return new RuleVerdict(RuleVerdictKind.Error, error.Message);
        }

        if (verdict.Suppressions is [var suppression, ..])
        {
            return new RuleVerdict(RuleVerdictKind.Silenced, suppression.Exception.Name);
        }

        return new RuleVerdict(matches.Count > 0 ? RuleVerdictKind.Match : RuleVerdictKind.NoMatch);
    }

    private static (string? EventId, string? EventName) Identity(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return (RecordText.Text(document.RootElement, "eventID"), RecordText.Text(document.RootElement, "eventName"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    // An ECS name that renames a record path shows both: event.action (eventName).
    private static string Label(Rule rule, FieldReader reader)
    {
        if (rule.Format != RuleFormats.Eql || CloudTrailEcsView.NameOf(reader) is not { } ecs)
        {
            return reader.Text;
        }

        return ecs == reader.Text ? ecs : $"{ecs} ({reader.Text})";
    }

    private static string Text(IReadOnlyList<JsonElement> values)
    {
        if (values.Count == 0)
        {
            return "(none)";
        }

        var text = values.Count == 1 ? values[0].GetRawText() : "[" + string.Join(", ", values.Select(v => v.GetRawText())) + "]";
        var oneLine = new StringBuilder(text).Replace("\r", "").Replace('\n', ' ').ToString();
        return oneLine.Length <= MaxValueLength ? oneLine : string.Concat(oneLine.AsSpan(0, MaxValueLength), "…");
    }
}
