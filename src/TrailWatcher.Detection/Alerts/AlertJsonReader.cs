using System.Globalization;
using System.Text.Json;
using TrailWatcher.Detection.Accounts;
using TrailWatcher.Detection.Rules;

namespace TrailWatcher.Detection.Alerts;

/// <summary>Reads native alert JSON back into an <see cref="Alert"/>, so state kept outside the process (dedup in Redis) can rebuild one.</summary>
public static class AlertJsonReader
{
    /// <exception cref="JsonException">The text is not a native alert.</exception>
    public static Alert Read(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        var root = document.RootElement;
        var kind = Text(root, "kind");
        return new Alert
        {
            Id = Required(root, "id"),
            RuleId = Required(root, "rule_id"),
            Title = Required(root, "title"),
            Severity = ParseSeverity(Required(root, "severity")),
            RiskScore = root.TryGetProperty("risk_score", out var risk) && risk.TryGetInt32(out var score) ? score : 0,
            EventId = Text(root, "event_id"),
            EventName = Text(root, "event_name"),
            EventSource = Text(root, "event_source"),
            EventTime = Text(root, "event_time"),
            AccountId = Text(root, "account_id"),
            Account = ReadAccount(root),
            Region = Text(root, "region"),
            Actor = Text(root, "actor"),
            SourceIp = Text(root, "source_ip"),
            UserAgent = Text(root, "user_agent"),
            Context = root.TryGetProperty("context", out var context) && context.ValueKind == JsonValueKind.Object
                ? [.. context.EnumerateObject().Select(p => new KeyValuePair<string, JsonElement>(p.Name, p.Value.Clone()))]
                : [],
            Mitre = root.TryGetProperty("mitre", out var mitre) ? new MitreAttack(Strings(mitre, "tactics"), Strings(mitre, "techniques")) : MitreAttack.None,
            Tags = Strings(root, "tags"),
            References = Strings(root, "references"),
            Runbook = Text(root, "runbook"),
            Source = Text(root, "source") ?? "",
            DetectedAt = DateTimeOffset.Parse(Required(root, "detected_at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
            Signal = kind == AlertKindNames.Name(AlertKind.Signal),
            UpdateOf = kind == AlertKindNames.Name(AlertKind.Update) ? Text(root, "alert_id") : null,
            Count = root.TryGetProperty("count", out var count) && count.TryGetInt32(out var n) ? n : 1,
            FirstSeen = Text(root, "first_seen"),
            LastSeen = Text(root, "last_seen"),
            EventIds = Strings(root, "event_ids"),
        };
    }

    private static AccountInfo? ReadAccount(JsonElement root) =>
        root.TryGetProperty("account", out var account) && account.ValueKind == JsonValueKind.Object && Text(account, "id") is { } id
            ? new AccountInfo(id, Text(account, "name"), Text(account, "environment"), Text(account, "owner"))
            : null;

    private static Severity ParseSeverity(string name) =>
        SeverityNames.TryParse(name, out var severity) && name == SeverityNames.Name(severity) ? severity : throw new JsonException($"unknown severity '{name}'");

    private static string Required(JsonElement element, string name) => Text(element, name) ?? throw new JsonException($"alert JSON lacks '{name}'");

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string[] Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)]
            : [];
}
