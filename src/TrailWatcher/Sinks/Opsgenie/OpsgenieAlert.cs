using System.Globalization;
using System.Text;
using System.Text.Json;
using TrailWatcher.Detection.Alerts;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Sinks.Http;

namespace TrailWatcher.Sinks.Opsgenie;

/// <summary>An alert as an Opsgenie Alert API create request: message, alias, priority, description, details and tags.</summary>
/// <remarks>
/// The alias is the alert id (an update's is the id of the alert it continues): Opsgenie folds a create request
/// whose alias matches an open alert into that alert, so repeats and updates do not notify again.
/// </remarks>
internal static class OpsgenieAlert
{
    // The Alert API's limits.
    private const int MessageLimit = 130;
    private const int DescriptionLimit = 15_000;
    private const int MaxTags = 20;
    private const int TagLimit = 50;
    private const int DetailLimit = 1_000;
    private const int NoteLimit = 25_000;

    /// <summary>Opsgenie's priorities: critical P1, high P2, medium P3, low P4, info P5.</summary>
    public static string PriorityOf(Severity severity) => severity switch
    {
        Severity.Critical => "P1",
        Severity.High => "P2",
        Severity.Medium => "P3",
        Severity.Low => "P4",
        _ => "P5",
    };

    public static void Write(Utf8JsonWriter writer, Alert alert)
    {
        writer.WriteStartObject();
        writer.WriteString("message", AlertText.Truncate(AlertText.Summary(alert), MessageLimit));
        writer.WriteString("alias", AlertText.GroupKey(alert));
        writer.WriteString("description", AlertText.Truncate(Description(alert), DescriptionLimit));
        writer.WriteString("priority", PriorityOf(alert.Severity));
        writer.WriteString("entity", $"aws:{AlertText.Where(alert)}");
        writer.WriteString("source", "TrailWatcher");
        WriteTags(writer, alert);
        WriteDetails(writer, alert);
        if (alert.Kind == AlertKind.Update)
        {
            writer.WriteString("note", AlertText.Truncate($"{alert.Count} matches so far; new events: {string.Join(", ", alert.EventIds)}", NoteLimit));
        }

        writer.WriteEndObject();
    }

    private static string Description(Alert alert)
    {
        var text = new StringBuilder()
            .Append(AlertText.Label(alert)).Append(alert.Title).Append('\n')
            .Append("Rule: ").Append(alert.RuleId).Append(" (severity ").Append(SeverityNames.Name(alert.Severity)).Append(", risk ").Append(alert.RiskScore).Append(")\n")
            .Append("Actor: ").Append(alert.Actor ?? "unknown").Append(" from ").Append(alert.SourceIp ?? "unknown address").Append('\n')
            .Append("Call: ").Append(alert.EventName ?? "?").Append(" on ").Append(alert.EventSource ?? "?").Append(" at ").Append(alert.EventTime ?? "?").Append('\n')
            .Append("Account / region: ").Append(AlertText.Account(alert)).Append(" / ").Append(alert.Region ?? "?").Append('\n');
        foreach (var (name, value) in alert.Context)
        {
            text.Append(name).Append(": ").Append(AlertText.Value(value)).Append('\n');
        }

        if (alert.Runbook is { } runbook)
        {
            text.Append("\nRunbook:\n").Append(runbook.Trim()).Append('\n');
        }

        if (alert.References.Count > 0)
        {
            text.Append("\nReferences:\n");
            foreach (var reference in alert.References)
            {
                text.Append(reference).Append('\n');
            }
        }

        return text.ToString();
    }

    // Opsgenie tags are plain strings; the rule's tags come after ours so a long list loses the rule's last ones.
    private static void WriteTags(Utf8JsonWriter writer, Alert alert)
    {
        writer.WriteStartArray("tags");
        var tags = new[] { "TrailWatcher", SeverityNames.Name(alert.Severity) }.Concat(alert.Tags)
            .Select(t => AlertText.Truncate(t, TagLimit))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(MaxTags);
        foreach (var tag in tags)
        {
            writer.WriteStringValue(tag);
        }

        writer.WriteEndArray();
    }

    // Details are a flat map of strings: Opsgenie shows them as a key/value table and can filter on them.
    private static void WriteDetails(Utf8JsonWriter writer, Alert alert)
    {
        writer.WriteStartObject("details");
        Detail(writer, "alert_id", alert.Id);
        Detail(writer, "kind", AlertKindNames.Name(alert.Kind));
        Detail(writer, "rule_id", alert.RuleId);
        Detail(writer, "severity", SeverityNames.Name(alert.Severity));
        Detail(writer, "risk_score", alert.RiskScore.ToString(CultureInfo.InvariantCulture));
        Detail(writer, "account_id", alert.AccountId);
        Detail(writer, "account_name", alert.Account?.Name);
        Detail(writer, "account_environment", alert.Account?.Environment);
        Detail(writer, "account_owner", alert.Account?.Owner);
        Detail(writer, "region", alert.Region);
        Detail(writer, "actor", alert.Actor);
        Detail(writer, "source_ip", alert.SourceIp);
        Detail(writer, "event_name", alert.EventName);
        Detail(writer, "event_source", alert.EventSource);
        Detail(writer, "event_time", alert.EventTime);
        Detail(writer, "event_id", alert.EventId);
        Detail(writer, "count", alert.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var (name, value) in alert.Context)
        {
            Detail(writer, "context." + name, AlertText.Value(value));
        }

        writer.WriteEndObject();
    }

    private static void Detail(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, AlertText.Truncate(value, DetailLimit));
        }
    }
}
