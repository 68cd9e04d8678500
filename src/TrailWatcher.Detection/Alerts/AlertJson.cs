using System.Text.Json;
using TrailWatcher.Detection.Rules;

namespace TrailWatcher.Detection.Alerts;

/// <summary>The native alert JSON: one object per alert, snake_case, versioned by its <c>schema</c> field.</summary>
public static class AlertJson
{
    public const string Schema = "trailwatcher.alert/1";

    // Alerts go to log files and chat, never into HTML: keep '+', '<' and non-ASCII readable.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly System.Text.Encodings.Web.JavaScriptEncoder Encoder = WriterOptions.Encoder!;

    public static void Write(Utf8JsonWriter writer, Alert alert)
    {
        writer.WriteStartObject();
        writer.WriteString("schema", Schema);
        writer.WriteString("id", alert.Id);
        writer.WriteString("kind", AlertKindNames.Name(alert.Kind));
        if (alert.UpdateOf is not null)
        {
            writer.WriteString("alert_id", alert.UpdateOf);
        }

        writer.WriteString("rule_id", alert.RuleId);
        writer.WriteString("title", Constant(alert.Title));
        writer.WriteString("severity", SeverityNames.Name(alert.Severity));
        writer.WriteNumber("risk_score", alert.RiskScore);
        writer.WriteString("event_id", alert.EventId);
        writer.WriteString("event_name", alert.EventName);
        writer.WriteString("event_source", alert.EventSource);
        writer.WriteString("event_time", alert.EventTime);
        writer.WriteString("account_id", alert.AccountId);
        if (alert.Account is { } account)
        {
            writer.WriteStartObject("account");
            writer.WriteString("id", account.Id);
            writer.WriteString("name", account.Name);
            writer.WriteString("environment", account.Environment);
            writer.WriteString("owner", account.Owner);
            writer.WriteEndObject();
        }

        writer.WriteString("region", alert.Region);
        writer.WriteString("actor", alert.Actor);
        writer.WriteString("source_ip", alert.SourceIp);
        writer.WriteString("user_agent", alert.UserAgent);
        writer.WriteStartObject("context");
        foreach (var (name, value) in alert.Context)
        {
            writer.WritePropertyName(name);
            value.WriteTo(writer);
        }

        writer.WriteEndObject();
        writer.WriteStartObject("mitre");
        WriteStrings(writer, "tactics", alert.Mitre.Tactics);
        WriteStrings(writer, "techniques", alert.Mitre.Techniques);
        writer.WriteEndObject();
        WriteConstants(writer, "tags", alert.Tags);
        WriteConstants(writer, "references", alert.References);
        if (alert.Runbook is null)
        {
            writer.WriteNull("runbook");
        }
        else
        {
            writer.WriteString("runbook", Constant(alert.Runbook));
        }
        writer.WriteString("source", alert.Source);
        writer.WriteString("detected_at", Timestamp(alert.DetectedAt));
        writer.WriteNumber("count", alert.Count);
        writer.WriteString("first_seen", alert.FirstSeen);
        writer.WriteString("last_seen", alert.LastSeen);
        WriteStrings(writer, "event_ids", alert.EventIds);
        writer.WriteEndObject();
    }

    /// <summary>One alert as a single line of UTF-8 JSON, without the newline.</summary>
    public static byte[] ToUtf8(Alert alert)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var writer = CreateWriter(buffer))
        {
            Write(writer, alert);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A writer with the escaping every alert output uses.</summary>
    public static Utf8JsonWriter CreateWriter(System.Buffers.IBufferWriter<byte> output) => new(output, WriterOptions);

    /// <summary>UTC, millisecond precision, as every alert output writes times.</summary>
    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);

    // The rule's own text, the same in every alert of the rule: escaped once.
    private static JsonEncodedText Constant(string text) => EncodedText.Of(text, Encoder);

    private static void WriteConstants(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(Constant(value));
        }

        writer.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
