using System.Text;
using System.Text.Json;
using TrailWatcher.Detection.Alerts;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Sinks.Http;
using TrailWatcher.Configuration;

namespace TrailWatcher.Sinks.Webhook;

/// <summary>An alert as a Slack incoming-webhook message: a plain-text fallback plus Block Kit blocks a person can read at a glance.</summary>
internal static class SlackMessage
{
    // Slack's limits: header text 150 characters, a section's text 3000, a field 2000.
    private const int HeaderLimit = 150;
    private const int TextLimit = 2900;
    private const int RunbookLimit = 700;

    public static void Write(Utf8JsonWriter writer, Alert alert)
    {
        var severity = SeverityNames.Name(alert.Severity).ToUpperInvariant();
        var title = Label(alert) + alert.Title;
        writer.WriteStartObject();
        writer.WriteString("text", $"[{severity}] {title} ({alert.RuleId}) by {alert.Actor ?? "unknown actor"} in {AlertText.Place(alert)}");
        writer.WriteStartArray("blocks");

        writer.WriteStartObject();
        writer.WriteString("type", "header");
        WriteText(writer, "plain_text", Truncate($"{Icon(alert)} [{severity}] {title}", HeaderLimit));
        writer.WriteEndObject();

        writer.WriteStartObject();
        writer.WriteString("type", "section");
        writer.WriteStartArray("fields");
        Field(writer, "Severity", $"{severity} (risk {alert.RiskScore})");
        Field(writer, "Rule", Code(alert.RuleId));
        Field(writer, "Actor", alert.Actor is null ? "unknown" : Code(alert.Actor));
        Field(writer, "Account / region", $"{Escape(AlertText.Account(alert))} / {Escape(alert.Region ?? "?")}");
        if (alert.Account?.Owner is { } owner)
        {
            Field(writer, "Account owner", Escape(owner));
        }

        Field(writer, "Event", $"{Code(alert.EventName ?? "?")} on {Escape(alert.EventSource ?? "?")}");
        Field(writer, "Event time", Escape(alert.EventTime ?? "?"));
        Field(writer, "Source IP", alert.SourceIp is null ? "unknown" : Code(alert.SourceIp));
        Field(writer, "Alert id", Code(alert.Id));
        writer.WriteEndArray();
        writer.WriteEndObject();

        if (alert.Context.Count > 0)
        {
            // The rule's context is where the resource (bucket, role, key) lives.
            var context = new StringBuilder("*Context*");
            foreach (var (name, value) in alert.Context)
            {
                context.Append("\n• ").Append(Escape(name)).Append(": ").Append(Code(ValueText(value)));
            }

            Section(writer, Truncate(context.ToString(), TextLimit));
        }

        var links = Links(alert);
        if (links.Length > 0)
        {
            Section(writer, Truncate(links, TextLimit));
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static string Links(Alert alert)
    {
        var text = new StringBuilder();
        if (alert.Runbook is { } runbook)
        {
            text.Append("*Runbook*\n").Append(Uri.TryCreate(runbook.Trim(), UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
                ? Link(url.ToString())
                : Escape(Truncate(runbook.Trim(), RunbookLimit)));
        }

        if (alert.References.Count > 0)
        {
            text.Append(text.Length > 0 ? "\n" : "").Append("*References*");
            foreach (var reference in alert.References)
            {
                text.Append("\n• ").Append(Link(reference));
            }
        }

        return text.ToString();
    }

    private static string Icon(Alert alert) => alert.Severity switch
    {
        Detection.Rules.Severity.Critical or Detection.Rules.Severity.High => ":rotating_light:",
        Detection.Rules.Severity.Medium => ":warning:",
        _ => ":information_source:",
    };

    private static void Field(Utf8JsonWriter writer, string label, string value) =>
        WriteText(writer, "mrkdwn", Truncate($"*{label}*\n{value}", 1900), asObject: true);

    private static void Section(Utf8JsonWriter writer, string mrkdwn)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "section");
        WriteText(writer, "mrkdwn", mrkdwn);
        writer.WriteEndObject();
    }

    // A reader must tell at a glance that a message adds to an alert already posted, or will not page anyone.
    private static string Label(Alert alert) => alert.Kind switch
    {
        AlertKind.Update => $"Update ({alert.Count} matches so far): ",
        AlertKind.Signal => "Signal: ",
        _ => "",
    };

    private static void WriteText(Utf8JsonWriter writer, string type, string text, bool asObject = false)
    {
        if (asObject)
        {
            writer.WriteStartObject();
        }
        else
        {
            writer.WriteStartObject("text");
        }

        writer.WriteString("type", type);
        writer.WriteString("text", text);
        writer.WriteEndObject();
    }

    private static string ValueText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Null or JsonValueKind.Undefined => "null",
        _ => value.GetRawText(),
    };

    private static string Link(string url) => HttpUrl.IsAbsolute(url)
        ? $"<{Escape(url)}>"
        : Escape(url);

    private static string Code(string text) => $"`{Escape(text).Replace('`', '\'')}`";

    // Slack's mrkdwn treats these three as control characters.
    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Truncate(string text, int limit) => text.Length <= limit ? text : string.Concat(text.AsSpan(0, limit - 1), "…");
}
