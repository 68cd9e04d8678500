using System.Globalization;
using System.Net;
using System.Text;
using TrailWatcher.Detection.Alerts;
using TrailWatcher.Detection.Rules;

namespace TrailWatcher.Sinks.Syslog;

/// <summary>Writes an alert as an ArcSight Common Event Format record: <c>CEF:0|vendor|product|version|signature|name|severity|extensions</c>.</summary>
internal static class CefRecord
{
    /// <summary>CEF severity (0–10) for ours: info 1, low 3, medium 5, high 8, critical 10.</summary>
    public static int Severity(Severity severity) => severity switch
    {
        Detection.Rules.Severity.Critical => 10,
        Detection.Rules.Severity.High => 8,
        Detection.Rules.Severity.Medium => 5,
        Detection.Rules.Severity.Low => 3,
        _ => 1,
    };

    public static void Append(StringBuilder text, Alert alert)
    {
        text.Append("CEF:0|TrailWatcher|TrailWatcher|");
        Header(text, AlertPayload.ProductVersion);
        Header(text, alert.RuleId);
        Header(text, alert.Title);
        text.Append(Severity(alert.Severity).ToString(CultureInfo.InvariantCulture)).Append('|');

        var first = true;
        Extension(text, ref first, "externalId", alert.Id);
        if (DateTimeOffset.TryParse(alert.EventTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var eventTime))
        {
            Extension(text, ref first, "rt", eventTime.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        }

        Extension(text, ref first, "cat", alert.EventSource);
        Extension(text, ref first, "act", alert.EventName);
        Extension(text, ref first, "suser", alert.Actor);
        // src must be an address; CloudTrail names a service (s3.amazonaws.com) there when a service made the call.
        Extension(text, ref first, IPAddress.TryParse(alert.SourceIp, out _) ? "src" : "shost", alert.SourceIp);
        Extension(text, ref first, "requestClientApplication", alert.UserAgent);
        Extension(text, ref first, "cnt", alert.Count.ToString(CultureInfo.InvariantCulture));
        Extension(text, ref first, "cs1Label", "accountId");
        Extension(text, ref first, "cs1", alert.AccountId);
        Extension(text, ref first, "cs2Label", "region");
        Extension(text, ref first, "cs2", alert.Region);
        Extension(text, ref first, "cs3Label", "eventId");
        Extension(text, ref first, "cs3", alert.EventId);
        Extension(text, ref first, "cs4Label", "kind");
        Extension(text, ref first, "cs4", AlertKindNames.Name(alert.Kind));
        if (alert.UpdateOf is not null)
        {
            Extension(text, ref first, "cs5Label", "alertId");
            Extension(text, ref first, "cs5", alert.UpdateOf);
        }

        // The remaining custom fields carry the account's names, each with its label, when the directory has them.
        Labelled(text, ref first, "cs6", "accountName", alert.Account?.Name);
        Labelled(text, ref first, "flexString1", "environment", alert.Account?.Environment);
        Labelled(text, ref first, "flexString2", "owner", alert.Account?.Owner);
        Extension(text, ref first, "msg", alert.Title);
    }

    /// <summary>A header field: '\' and '|' escaped with a backslash, and line breaks (which end a record) made spaces.</summary>
    public static void Header(StringBuilder text, string value)
    {
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' or '|' => text.Append('\\').Append(c),
                '\r' or '\n' => text.Append(' '),
                _ => text.Append(c),
            };
        }

        text.Append('|');
    }

    /// <summary>An extension value: '\' and '=' escaped with a backslash, line breaks written as <c>\n</c> and <c>\r</c>.</summary>
    public static void ExtensionValue(StringBuilder text, string value)
    {
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' or '=' => text.Append('\\').Append(c),
                '\n' => text.Append("\\n"),
                '\r' => text.Append("\\r"),
                _ => text.Append(c),
            };
        }
    }

    private static void Labelled(StringBuilder text, ref bool first, string key, string label, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            Extension(text, ref first, key + "Label", label);
            Extension(text, ref first, key, value);
        }
    }

    private static void Extension(StringBuilder text, ref bool first, string key, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (!first)
        {
            text.Append(' ');
        }

        first = false;
        ExtensionValue(text.Append(key).Append('='), value);
    }
}
