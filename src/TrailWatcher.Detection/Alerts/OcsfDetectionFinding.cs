using System.Globalization;
using System.Text.Json;
using TrailWatcher.Detection.Rules;

namespace TrailWatcher.Detection.Alerts;

/// <summary>An alert as an OCSF 1.3 Detection Finding (class 2004), for SIEMs and data lakes that speak OCSF.</summary>
/// <remarks>
/// Written by hand like <see cref="AlertJson"/>: one pass, no intermediate DOM, and every attribute name visible in one place.
/// What OCSF has no attribute for (the rule's context fields, tags, the log object) goes under <c>unmapped</c>.
/// </remarks>
public static class OcsfDetectionFinding
{
    public const string SchemaVersion = "1.3.0";
    public const int ClassUid = 2004;
    public const int CategoryUid = 2;
    public const int ActivityCreate = 1;
    public const int ActivityUpdate = 2;
    public const int TypeUidCreate = ClassUid * 100 + ActivityCreate;
    public const int TypeUidUpdate = ClassUid * 100 + ActivityUpdate;
    public const int StatusNew = 1;
    public const int AnalyticTypeRule = 1;

    /// <summary>Writes one finding; <paramref name="productVersion"/> is TrailWatcher's own version, for <c>metadata.product.version</c>.</summary>
    public static void Write(Utf8JsonWriter writer, Alert alert, string productVersion)
    {
        writer.WriteStartObject();
        // An update adds events to a finding already created: OCSF's Update activity, same finding uid.
        var update = alert.Kind == AlertKind.Update;
        writer.WriteNumber("activity_id", update ? ActivityUpdate : ActivityCreate);
        writer.WriteString("activity_name", update ? "Update" : "Create");
        writer.WriteNumber("category_uid", CategoryUid);
        writer.WriteString("category_name", "Findings");
        writer.WriteNumber("class_uid", ClassUid);
        writer.WriteString("class_name", "Detection Finding");
        writer.WriteNumber("type_uid", update ? TypeUidUpdate : TypeUidCreate);
        writer.WriteString("type_name", update ? "Detection Finding: Update" : "Detection Finding: Create");
        writer.WriteNumber("severity_id", SeverityId(alert.Severity));
        writer.WriteString("severity", SeverityCaption(alert.Severity));
        writer.WriteNumber("time", alert.DetectedAt.ToUnixTimeMilliseconds());
        writer.WriteString("time_dt", AlertJson.Timestamp(alert.DetectedAt));
        writer.WriteNumber("status_id", StatusNew);
        writer.WriteString("status", "New");
        // A signal is recorded for correlation and hunting, not to page anyone.
        writer.WriteBoolean("is_alert", !alert.Signal);
        writer.WriteNumber("count", alert.Count);
        writer.WriteNumber("risk_score", alert.RiskScore);
        writer.WriteString("message", Message(alert));

        WriteMetadata(writer, alert, productVersion);
        WriteFindingInfo(writer, alert);
        WriteCloud(writer, alert);
        WriteActor(writer, alert);
        WriteSourceEndpoint(writer, alert);
        WriteApi(writer, alert);

        writer.WriteStartArray("evidences");
        writer.WriteStartObject();
        WriteActor(writer, alert);
        WriteSourceEndpoint(writer, alert);
        WriteApi(writer, alert);
        writer.WritePropertyName("data");
        WriteContext(writer, alert);
        writer.WriteEndObject();
        writer.WriteEndArray();

        writer.WriteStartObject("unmapped");
        writer.WritePropertyName("context");
        WriteContext(writer, alert);
        writer.WriteString("rule_id", alert.RuleId);
        writer.WriteString("kind", AlertKindNames.Name(alert.Kind));
        writer.WriteString("event_id", alert.EventId);
        WriteStrings(writer, "event_ids", alert.EventIds);
        writer.WriteString("user_agent", alert.UserAgent);
        writer.WriteString("source", alert.Source);
        writer.WriteString("runbook", alert.Runbook);
        WriteStrings(writer, "tags", alert.Tags);
        WriteStrings(writer, "references", alert.References);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>OCSF severity_id: 1 Informational … 5 Critical.</summary>
    public static int SeverityId(Severity severity) => severity switch
    {
        Severity.Info => 1,
        Severity.Low => 2,
        Severity.Medium => 3,
        Severity.High => 4,
        Severity.Critical => 5,
        _ => 0,
    };

    private static string SeverityCaption(Severity severity) => severity switch
    {
        Severity.Info => "Informational",
        Severity.Low => "Low",
        Severity.Medium => "Medium",
        Severity.High => "High",
        Severity.Critical => "Critical",
        _ => "Unknown",
    };

    private static string Message(Alert alert) =>
        alert.Actor is null ? alert.Title : $"{alert.Title} ({alert.EventName ?? "unknown call"} by {alert.Actor})";

    private static void WriteMetadata(Utf8JsonWriter writer, Alert alert, string productVersion)
    {
        writer.WriteStartObject("metadata");
        writer.WriteString("version", SchemaVersion);
        writer.WriteString("uid", alert.Id);
        writer.WriteStartObject("product");
        writer.WriteString("name", "TrailWatcher");
        writer.WriteString("vendor_name", "TrailWatcher");
        writer.WriteString("version", productVersion);
        writer.WriteEndObject();
        writer.WriteStartArray("profiles");
        writer.WriteStringValue("cloud");
        writer.WriteEndArray();
        writer.WriteString("log_name", "CloudTrail");
        writer.WriteEndObject();
    }

    private static void WriteFindingInfo(Utf8JsonWriter writer, Alert alert)
    {
        writer.WriteStartObject("finding_info");
        // An update names the finding it updates; metadata.uid stays the record's own id.
        writer.WriteString("uid", alert.UpdateOf ?? alert.Id);
        writer.WriteString("title", alert.Title);
        writer.WriteString("desc", Message(alert));
        writer.WriteStartArray("types");
        writer.WriteStringValue("CloudTrail detection");
        writer.WriteEndArray();
        writer.WriteNumber("created_time", alert.DetectedAt.ToUnixTimeMilliseconds());
        // The CloudTrail calls are what was seen; the finding was created later, when the log arrived.
        if (TryParseTime(alert.FirstSeen ?? alert.EventTime, out var firstSeen))
        {
            writer.WriteNumber("first_seen_time", firstSeen.ToUnixTimeMilliseconds());
        }

        if (TryParseTime(alert.LastSeen ?? alert.EventTime, out var lastSeen))
        {
            writer.WriteNumber("last_seen_time", lastSeen.ToUnixTimeMilliseconds());
        }

        if (alert.References.Count > 0)
        {
            writer.WriteString("src_url", alert.References[0]);
        }

        writer.WriteStartObject("analytic");
        writer.WriteString("uid", alert.RuleId);
        writer.WriteString("name", alert.Title);
        writer.WriteNumber("type_id", AnalyticTypeRule);
        writer.WriteString("type", "Rule");
        writer.WriteEndObject();
        WriteAttacks(writer, alert.Mitre);
        writer.WriteEndObject();
    }

    // OCSF pairs one technique with one tactic per attack; a rule lists them separately. Techniques pair with the
    // tactic at the same position (the first one when there are fewer tactics); tactics left over stand alone.
    private static void WriteAttacks(Utf8JsonWriter writer, MitreAttack mitre)
    {
        writer.WriteStartArray("attacks");
        for (var i = 0; i < mitre.Techniques.Count; i++)
        {
            writer.WriteStartObject();
            writer.WriteStartObject("technique");
            writer.WriteString("uid", mitre.Techniques[i]);
            writer.WriteEndObject();
            if (mitre.Tactics.Count > 0)
            {
                writer.WriteStartObject("tactic");
                writer.WriteString("uid", mitre.Tactics[i < mitre.Tactics.Count ? i : 0]);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        for (var i = mitre.Techniques.Count; i < mitre.Tactics.Count; i++)
        {
            writer.WriteStartObject();
            writer.WriteStartObject("tactic");
            writer.WriteString("uid", mitre.Tactics[i]);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteCloud(Utf8JsonWriter writer, Alert alert)
    {
        writer.WriteStartObject("cloud");
        writer.WriteString("provider", "AWS");
        if (alert.Region is not null)
        {
            writer.WriteString("region", alert.Region);
        }

        if (alert.AccountId is not null)
        {
            writer.WriteStartObject("account");
            writer.WriteString("uid", alert.AccountId);
            writer.WriteNumber("type_id", 10);
            writer.WriteString("type", "AWS Account");
            WriteAccountNames(writer, alert.Account);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    // OCSF's account object has a name and free labels; the environment and owner go there as key:value labels.
    private static void WriteAccountNames(Utf8JsonWriter writer, Accounts.AccountInfo? account)
    {
        if (account is null)
        {
            return;
        }

        if (account.Name is not null)
        {
            writer.WriteString("name", account.Name);
        }

        if (account.Environment is null && account.Owner is null)
        {
            return;
        }

        writer.WriteStartArray("labels");
        if (account.Environment is not null)
        {
            writer.WriteStringValue($"environment:{account.Environment}");
        }

        if (account.Owner is not null)
        {
            writer.WriteStringValue($"owner:{account.Owner}");
        }

        writer.WriteEndArray();
    }

    private static void WriteActor(Utf8JsonWriter writer, Alert alert)
    {
        if (alert.Actor is null)
        {
            return;
        }

        writer.WriteStartObject("actor");
        writer.WriteStartObject("user");
        writer.WriteString("uid", alert.Actor);
        writer.WriteString("name", ShortName(alert.Actor));
        if (alert.AccountId is not null)
        {
            writer.WriteStartObject("account");
            writer.WriteString("uid", alert.AccountId);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteSourceEndpoint(Utf8JsonWriter writer, Alert alert)
    {
        if (alert.SourceIp is null)
        {
            return;
        }

        writer.WriteStartObject("src_endpoint");
        // CloudTrail puts a service name here when a service made the call (e.g. "s3.amazonaws.com"): that is no IP.
        if (System.Net.IPAddress.TryParse(alert.SourceIp, out _))
        {
            writer.WriteString("ip", alert.SourceIp);
        }
        else
        {
            writer.WriteString("domain", alert.SourceIp);
        }

        writer.WriteEndObject();
    }

    private static void WriteApi(Utf8JsonWriter writer, Alert alert)
    {
        writer.WriteStartObject("api");
        writer.WriteString("operation", alert.EventName);
        writer.WriteStartObject("service");
        writer.WriteString("name", alert.EventSource);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteContext(Utf8JsonWriter writer, Alert alert)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in alert.Context)
        {
            writer.WritePropertyName(name);
            value.WriteTo(writer);
        }

        writer.WriteEndObject();
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

    // The last segment of an ARN ("arn:aws:sts::1:assumed-role/Admin/alice" → "alice"); anything else as it is.
    private static string ShortName(string actor)
    {
        var slash = actor.LastIndexOf('/');
        return actor.StartsWith("arn:", StringComparison.Ordinal) && slash >= 0 && slash < actor.Length - 1 ? actor[(slash + 1)..] : actor;
    }

    private static bool TryParseTime(string? text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
}
