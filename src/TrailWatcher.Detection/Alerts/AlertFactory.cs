using System.Text.Json;
using TrailWatcher.Detection.Rules;

namespace TrailWatcher.Detection.Alerts;

/// <summary>Builds an <see cref="Alert"/> from a rule and the record it matched.</summary>
public static class AlertFactory
{
    private static readonly JsonElement Null = JsonDocument.Parse("null").RootElement;

    public static Alert Create(Rule rule, JsonElement record, ReadOnlySpan<byte> recordJson, string source, DateTimeOffset detectedAt)
    {
        var eventId = Text(record, "eventID");
        var eventTime = Text(record, "eventTime");
        var context = new KeyValuePair<string, JsonElement>[rule.Context.Count];
        for (var i = 0; i < context.Length; i++)
        {
            var field = rule.Context[i];
            // Clone: the record's document is returned to the pool once evaluation ends; the alert outlives it.
            context[i] = new(field.Name, field.Path.TryGetFirst(record, out var value) ? value.Clone() : Null);
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
            AccountId = Text(record, "recipientAccountId") ?? Nested(record, "userIdentity", "accountId"),
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
        Nested(record, "userIdentity", "arn")
        ?? Nested(record, "userIdentity", "principalId")
        ?? Nested(record, "userIdentity", "userName")
        ?? Nested(record, "userIdentity", "invokedBy");

    private static string? Nested(JsonElement record, string parent, string name) =>
        record.TryGetProperty(parent, out var value) && value.ValueKind == JsonValueKind.Object ? Text(value, name) : null;

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => null,
        } : null;
}
