using System.Globalization;
using System.Text;
using System.Xml.Linq;
using TrailWatcher.Detection.Alerts;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Sinks.Http;

namespace TrailWatcher.Sinks.Sns;

/// <summary>The form body of an SNS <c>Publish</c> (query API) for one alert, and the reading of SNS's XML errors.</summary>
internal static class SnsPublishRequest
{
    public const string ContentType = "application/x-www-form-urlencoded; charset=utf-8";

    // SNS's subject: ASCII, no line breaks, 100 characters at most (e-mail subscribers see it as the subject line).
    private const int SubjectLimit = 100;

    /// <summary>Action=Publish with the alert JSON as Message and rule_id, severity, alert_id and kind as String attributes.</summary>
    /// <remarks>On a FIFO topic the alert id is the deduplication id and the rule id the group, as on a FIFO queue.</remarks>
    public static List<KeyValuePair<string, string>> Form(Alert alert, SnsSinkOptions options)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("Action", "Publish"),
            new("Version", "2010-03-31"),
            new("TopicArn", options.TopicArn!),
            new("Message", Encoding.UTF8.GetString(AlertPayload.ToUtf8(alert, options.Format))),
            new("Subject", Subject(alert)),
        };
        Attribute(form, 1, "rule_id", alert.RuleId);
        Attribute(form, 2, "severity", SeverityNames.Name(alert.Severity));
        Attribute(form, 3, "alert_id", alert.Id);
        Attribute(form, 4, "kind", AlertKindNames.Name(alert.Kind));
        if (options.IsFifo)
        {
            form.Add(new("MessageGroupId", alert.RuleId));
            form.Add(new("MessageDeduplicationId", alert.Id));
        }

        return form;
    }

    public static byte[] Encode(IEnumerable<KeyValuePair<string, string>> form) =>
        Encoding.UTF8.GetBytes(string.Join('&', form.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}")));

    /// <summary>Code and message of an <c>ErrorResponse</c>.</summary>
    public static (string? Code, string? Message) Error(string xml)
    {
        var document = XDocument.Parse(xml);
        string? Value(string name) => document.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
        return (Value("Code"), Value("Message"));
    }

    private static string Subject(Alert alert)
    {
        var text = AlertText.Truncate($"[{SeverityNames.Name(alert.Severity).ToUpperInvariant()}] {AlertText.Label(alert)}{alert.Title}", SubjectLimit);
        return new string([.. text.Select(c => c is >= ' ' and <= '~' ? c : '?')]);
    }

    private static void Attribute(List<KeyValuePair<string, string>> form, int index, string name, string value)
    {
        var prefix = string.Create(CultureInfo.InvariantCulture, $"MessageAttributes.entry.{index}.");
        form.Add(new(prefix + "Name", name));
        form.Add(new(prefix + "Value.DataType", "String"));
        form.Add(new(prefix + "Value.StringValue", value));
    }
}
