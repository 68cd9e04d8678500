using System.Globalization;
using System.Text;
using TrailWatcher.Detection.Alerts;
using TrailWatcher.Detection.Rules;

namespace TrailWatcher.Sinks.Syslog;

/// <summary>Builds one RFC 5424 message per alert: the header, then the alert as structured data or as CEF in MSG.</summary>
/// <remarks>
/// The SD-ID uses 32473, the private enterprise number RFC 5612 reserves for documentation, as RFC 5424's own
/// examples do: TrailWatcher has no number of its own, and a receiver only needs the name to be stable.
/// </remarks>
internal sealed class SyslogMessage(SyslogSinkOptions options, string hostname, int processId)
{
    /// <summary>The structured data element's id.</summary>
    public const string SdId = "trailwatcher@32473";

    private readonly string _procId = processId.ToString(CultureInfo.InvariantCulture);

    /// <summary>Syslog severity (RFC 5424 §6.2.1) for ours: critical → 2 Critical … info → 6 Informational.</summary>
    public static int Severity(Severity severity) => severity switch
    {
        Detection.Rules.Severity.Critical => 2,
        Detection.Rules.Severity.High => 3,
        Detection.Rules.Severity.Medium => 4,
        Detection.Rules.Severity.Low => 5,
        _ => 6,
    };

    /// <summary>The message, without transport framing.</summary>
    public string Format(Alert alert)
    {
        var text = new StringBuilder(512);
        var priority = ((int)options.Facility * 8) + Severity(alert.Severity);
        text.Append('<').Append(priority.ToString(CultureInfo.InvariantCulture)).Append(">1 ")
            .Append(AlertJson.Timestamp(alert.DetectedAt)).Append(' ')
            .Append(hostname).Append(' ')
            .Append(options.AppName).Append(' ')
            .Append(_procId).Append(' ')
            .Append(AlertKindNames.Name(alert.Kind)).Append(' ');
        if (options.Style == SyslogStyle.Cef)
        {
            // The alert travels in MSG, where CEF receivers look for it; no structured data.
            text.Append("- ");
            CefRecord.Append(text, alert);
        }
        else
        {
            AppendStructuredData(text, alert);
            text.Append(' ').Append(alert.Title);
        }

        return text.ToString();
    }

    /// <summary>A PARAM-VALUE escaped as RFC 5424 §6.3.3 asks: '"', '\' and ']' get a backslash.</summary>
    public static StringBuilder AppendParamValue(StringBuilder text, string value)
    {
        foreach (var c in value)
        {
            if (c is '"' or '\\' or ']')
            {
                text.Append('\\');
            }

            text.Append(c);
        }

        return text;
    }

    private static void AppendStructuredData(StringBuilder text, Alert alert)
    {
        text.Append('[').Append(SdId);
        Param(text, "id", alert.Id);
        Param(text, "rule", alert.RuleId);
        Param(text, "severity", SeverityNames.Name(alert.Severity));
        Param(text, "risk", alert.RiskScore.ToString(CultureInfo.InvariantCulture));
        Param(text, "kind", AlertKindNames.Name(alert.Kind));
        Param(text, "alertId", alert.UpdateOf);
        Param(text, "account", alert.AccountId);
        Param(text, "accountName", alert.Account?.Name);
        Param(text, "environment", alert.Account?.Environment);
        Param(text, "owner", alert.Account?.Owner);
        Param(text, "region", alert.Region);
        Param(text, "eventSource", alert.EventSource);
        Param(text, "eventName", alert.EventName);
        Param(text, "eventTime", alert.EventTime);
        Param(text, "eventId", alert.EventId);
        Param(text, "actor", alert.Actor);
        Param(text, "sourceIp", alert.SourceIp);
        Param(text, "count", alert.Count.ToString(CultureInfo.InvariantCulture));
        text.Append(']');
    }

    private static void Param(StringBuilder text, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        AppendParamValue(text.Append(' ').Append(name).Append("=\""), value).Append('"');
    }
}
