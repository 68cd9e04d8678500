using System.Globalization;
using TrailWatcher.Detection.Alerts;

namespace TrailWatcher.Sinks;

/// <summary>The time a SIEM files an alert under: when the event happened, not when TrailWatcher read it.</summary>
internal static class AlertEventTime
{
    /// <summary>CloudTrail's <c>eventTime</c>; the detection time when the record had none that reads as a time.</summary>
    public static DateTimeOffset Of(Alert alert) =>
        DateTimeOffset.TryParse(alert.EventTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var eventTime)
            ? eventTime
            : alert.DetectedAt;
}
