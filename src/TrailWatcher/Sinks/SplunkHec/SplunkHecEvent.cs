using System.Text.Json;
using TrailWatcher.Detection.Alerts;
using TrailWatcher.Detection.Rules;

namespace TrailWatcher.Sinks.SplunkHec;

/// <summary>Writes one alert as an HEC event object: metadata, indexed fields, and the alert itself as <c>event</c>.</summary>
internal static class SplunkHecEvent
{
    public static void Write(Utf8JsonWriter writer, Alert alert, SplunkHecSinkOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber("time", EpochSeconds(alert));
        WriteIfSet(writer, "host", options.Host);
        WriteIfSet(writer, "source", options.Source);
        writer.WriteString("sourcetype", options.SourceType);
        WriteIfSet(writer, "index", options.Index);

        // Indexed fields, the same whatever the format: searches can find repeats by alert_id (| dedup alert_id)
        // and filter by rule and severity without extracting the event.
        writer.WriteStartObject("fields");
        writer.WriteString("alert_id", alert.Id);
        writer.WriteString("rule_id", alert.RuleId);
        writer.WriteString("severity", SeverityNames.Name(alert.Severity));
        writer.WriteString("kind", AlertKindNames.Name(alert.Kind));
        writer.WriteEndObject();

        writer.WritePropertyName("event");
        AlertPayload.Write(writer, alert, options.Format);
        writer.WriteEndObject();
    }

    /// <summary>When the event happened (CloudTrail's eventTime), in epoch seconds with milliseconds; when TrailWatcher raised it if the record had no readable time.</summary>
    public static decimal EpochSeconds(Alert alert) => AlertEventTime.Of(alert).ToUnixTimeMilliseconds() / 1000m;

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            writer.WriteString(name, value);
        }
    }
}
