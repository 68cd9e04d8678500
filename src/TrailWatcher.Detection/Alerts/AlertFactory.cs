using System.Text.Json;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Alerts;

/// <summary>Builds an <see cref="Alert"/> from a rule and the record it matched.</summary>
public static class AlertFactory
{
    private static readonly JsonElement Null = JsonDocument.Parse("null").RootElement;

    /// <summary>The alert of one rule on one record, read from the record's JSON.</summary>
    public static Alert Create(Rule rule, ReadOnlyMemory<byte> recordJson, string source, DateTimeOffset detectedAt)
    {
        // The document is the alert's own and is never disposed: its context values point into it, which spares a
        // copy of each (disposing would only hand its buffers back to the pool early; the collector takes them).
        var document = JsonDocument.Parse(recordJson);
        return Create(rule, document.RootElement, recordJson.Span, source, detectedAt, copyContext: false);
    }

    /// <summary>The alert of one rule on one record already parsed; <paramref name="recordJson"/> is its text.</summary>
    public static Alert Create(Rule rule, JsonElement record, ReadOnlySpan<byte> recordJson, string source, DateTimeOffset detectedAt) =>
        Create(rule, record, recordJson, source, detectedAt, copyContext: true);

    private static Alert Create(Rule rule, JsonElement record, ReadOnlySpan<byte> recordJson, string source, DateTimeOffset detectedAt, bool copyContext)
    {
        var eventId = Text(record, "eventID");
        var eventTime = Text(record, "eventTime");
        var context = new KeyValuePair<string, JsonElement>[rule.Context.Count];
        for (var i = 0; i < context.Length; i++)
        {
            var field = rule.Context[i];
            // A caller's document is returned to the pool once evaluation ends, and the alert outlives it: copy.
            context[i] = new(field.Name, field.Path.TryGetFirst(record, out var value) ? (copyContext ? value.Clone() : value) : Null);
        }

        return new Alert
        {
            Id = eventId is null ? AlertId.For(rule.Id, recordJson) : AlertId.For(rule.Id, eventId),
            RuleId = rule.Id,
            Title = rule.Title,
            Severity = rule.Severity,
            RiskScore = rule.RiskScore,
            EventId = eventId,
            EventName = Text(record, "eventName"),
            EventSource = Text(record, "eventSource"),
            EventTime = eventTime,
            AccountId = RecordText.Account(record),
            Region = Text(record, "awsRegion"),
            Actor = Actor(record),
            SourceIp = Text(record, "sourceIPAddress"),
            UserAgent = Text(record, "userAgent"),
            Context = context,
            Mitre = rule.Mitre,
            Tags = rule.Tags,
            References = rule.References,
            Runbook = string.IsNullOrWhiteSpace(rule.Runbook) ? null : rule.Runbook,
            Source = source,
            DetectedAt = detectedAt,
            Signal = rule.Signal,
            FirstSeen = eventTime,
            LastSeen = eventTime,
            EventIds = eventId is null ? [] : [eventId],
        };
    }

    // The most specific identity CloudTrail gives: an ARN, else the principal, else the service acting on the caller's behalf.
    private static string? Actor(JsonElement record) =>
        RecordText.Text(record, "userIdentity", "arn")
        ?? RecordText.Text(record, "userIdentity", "principalId")
        ?? RecordText.Text(record, "userIdentity", "userName")
        ?? RecordText.Text(record, "userIdentity", "invokedBy");

    private static string? Text(JsonElement record, string name) => RecordText.Text(record, name);
}
