using System.Text.Json;
using TrailWatcher.Detection.Alerts;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Sinks.Http;

namespace TrailWatcher.Sinks.PagerDuty;

/// <summary>An alert as a PagerDuty Events API v2 <c>trigger</c> event.</summary>
/// <remarks>
/// The dedup key is the alert id (an update's is the id of the alert it continues), so a redelivered alert and the
/// updates of a dedup group land on the one PagerDuty alert instead of paging again.
/// </remarks>
internal static class PagerDutyEvent
{
    // The Events API's limits: summary 1024 characters, dedup_key 255; source and component are kept short to read.
    private const int SummaryLimit = 1024;
    private const int FieldLimit = 255;

    /// <summary>PagerDuty's four severities: critical → critical, high → error, medium → warning, low and info → info.</summary>
    public static string SeverityOf(Severity severity) => severity switch
    {
        Severity.Critical => "critical",
        Severity.High => "error",
        Severity.Medium => "warning",
        _ => "info",
    };

    public static void Write(Utf8JsonWriter writer, Alert alert, PagerDutySinkOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("routing_key", options.RoutingKey);
        writer.WriteString("event_action", "trigger");
        writer.WriteString("dedup_key", AlertText.GroupKey(alert));
        writer.WriteString("client", options.Client);
        writer.WriteStartObject("payload");
        writer.WriteString("summary", AlertText.Truncate(AlertText.Summary(alert), SummaryLimit));
        writer.WriteString("source", AlertText.Truncate(Source(alert), FieldLimit));
        writer.WriteString("severity", SeverityOf(alert.Severity));
        writer.WriteString("timestamp", AlertJson.Timestamp(alert.DetectedAt));
        writer.WriteString("component", AlertText.Truncate(alert.EventSource ?? "cloudtrail", FieldLimit));
        writer.WriteString("group", alert.AccountId ?? "unknown-account");
        writer.WriteString("class", alert.RuleId);
        // The whole alert, so the responder sees actor, call, context and runbook without leaving the incident.
        writer.WritePropertyName("custom_details");
        AlertPayload.Write(writer, alert, options.Format);
        writer.WriteEndObject();
        WriteLinks(writer, alert);
        writer.WriteEndObject();
    }

    // PagerDuty's "unique location of the affected system": here the AWS account and region the call was made in.
    private static string Source(Alert alert) => $"aws:{AlertText.Where(alert)}";

    private static void WriteLinks(Utf8JsonWriter writer, Alert alert)
    {
        writer.WriteStartArray("links");
        if (alert.Runbook is { } runbook && AlertText.IsWebUrl(runbook, out var runbookUrl))
        {
            Link(writer, runbookUrl.ToString(), "Runbook");
        }

        foreach (var reference in alert.References)
        {
            if (AlertText.IsWebUrl(reference, out var url))
            {
                Link(writer, url.ToString(), $"Reference: {url.Host}");
            }
        }

        writer.WriteEndArray();
    }

    private static void Link(Utf8JsonWriter writer, string href, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("href", href);
        writer.WriteString("text", text);
        writer.WriteEndObject();
    }
}
