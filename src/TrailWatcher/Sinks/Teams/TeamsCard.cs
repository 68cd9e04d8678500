using System.Text.Json;
using TrailWatcher.Detection.Alerts;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Sinks.Http;

namespace TrailWatcher.Sinks.Teams;

/// <summary>An alert as a Teams message with one Adaptive Card: title, severity, actor, resource, account, region, runbook and links.</summary>
internal static class TeamsCard
{
    // Teams refuses messages over about 28 KB: long free text is cut well before that.
    private const int TitleLimit = 300;
    private const int ValueLimit = 500;
    private const int RunbookLimit = 3_000;
    private const int MaxLinks = 5;

    public static void Write(Utf8JsonWriter writer, Alert alert)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "message");
        writer.WriteStartArray("attachments");
        writer.WriteStartObject();
        writer.WriteString("contentType", "application/vnd.microsoft.card.adaptive");
        writer.WriteNull("contentUrl");
        writer.WriteStartObject("content");
        writer.WriteString("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        writer.WriteString("type", "AdaptiveCard");
        writer.WriteString("version", "1.4");
        writer.WriteStartObject("msteams");
        writer.WriteString("width", "Full");
        writer.WriteEndObject();
        writer.WriteStartArray("body");
        Title(writer, alert);
        Facts(writer, alert);
        if (alert.Runbook is { } runbook && !AlertText.IsWebUrl(runbook, out _))
        {
            Text(writer, "**Runbook**");
            Text(writer, Escape(AlertText.Truncate(runbook.Trim(), RunbookLimit)));
        }

        writer.WriteEndArray();
        Actions(writer, alert);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Neutralises the Markdown that Teams renders in card text.</summary>
    /// <remarks>
    /// Actor names, bucket names and user agents come from the API call, so from whoever made it: left as they are,
    /// "[click here](https://…)" in a request parameter would become a link in the security channel.
    /// </remarks>
    public static string Escape(string text)
    {
        var escaped = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '\\' or '[' or ']' or '*' or '_' or '`' or '<' or '>' or '#')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    private static void Title(Utf8JsonWriter writer, Alert alert)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "TextBlock");
        // Our own "[HIGH]" is no link (nothing follows it in parentheses); only the rule's words are escaped.
        writer.WriteString("text", $"[{SeverityNames.Name(alert.Severity).ToUpperInvariant()}] {AlertText.Label(alert)}{Escape(AlertText.Truncate(alert.Title, TitleLimit))}");
        writer.WriteString("size", "Large");
        writer.WriteString("weight", "Bolder");
        writer.WriteString("color", alert.Severity switch
        {
            Severity.Critical or Severity.High => "Attention",
            Severity.Medium => "Warning",
            _ => "Default",
        });
        writer.WriteBoolean("wrap", true);
        writer.WriteEndObject();
    }

    private static void Facts(Utf8JsonWriter writer, Alert alert)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "FactSet");
        writer.WriteStartArray("facts");
        Fact(writer, "Severity", $"{SeverityNames.Name(alert.Severity)} (risk {alert.RiskScore})");
        Fact(writer, "Rule", alert.RuleId);
        Fact(writer, "Actor", alert.Actor ?? "unknown");
        // The rule's context is where the resource (bucket, role, key) lives.
        foreach (var (name, value) in alert.Context)
        {
            Fact(writer, name, AlertText.Value(value));
        }

        Fact(writer, "Account", AlertText.Account(alert));
        if (alert.Account?.Owner is { } owner)
        {
            Fact(writer, "Account owner", owner);
        }

        Fact(writer, "Region", alert.Region ?? "?");
        Fact(writer, "Event", $"{alert.EventName ?? "?"} on {alert.EventSource ?? "?"}");
        Fact(writer, "Event time", alert.EventTime ?? "?");
        Fact(writer, "Source IP", alert.SourceIp ?? "unknown");
        if (alert.Kind == AlertKind.Update)
        {
            Fact(writer, "Matches so far", alert.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Fact(writer, "Update of", alert.UpdateOf!);
        }

        Fact(writer, "Alert id", alert.Id);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void Actions(Utf8JsonWriter writer, Alert alert)
    {
        var links = new List<(string Title, Uri Url)>();
        if (alert.Runbook is { } runbook && AlertText.IsWebUrl(runbook, out var runbookUrl))
        {
            links.Add(("Runbook", runbookUrl));
        }

        foreach (var reference in alert.References)
        {
            if (AlertText.IsWebUrl(reference, out var url))
            {
                links.Add(($"Reference: {url.Host}", url));
            }
        }

        writer.WriteStartArray("actions");
        foreach (var (title, url) in links.Take(MaxLinks))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "Action.OpenUrl");
            writer.WriteString("title", title);
            writer.WriteString("url", url.ToString());
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void Fact(Utf8JsonWriter writer, string title, string value)
    {
        writer.WriteStartObject();
        writer.WriteString("title", Escape(title));
        writer.WriteString("value", Escape(AlertText.Truncate(value, ValueLimit)));
        writer.WriteEndObject();
    }

    private static void Text(Utf8JsonWriter writer, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "TextBlock");
        writer.WriteString("text", text);
        writer.WriteBoolean("wrap", true);
        writer.WriteEndObject();
    }
}
