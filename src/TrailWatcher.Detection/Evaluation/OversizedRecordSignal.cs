using System.Globalization;
using System.Text.Json;
using TrailWatcher.Detection.Alerts;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Evaluation;

/// <summary>The signal raised for a record past the record limit: it was not evaluated, and an analyst must know where it is.</summary>
public static class OversizedRecordSignal
{
    /// <summary>The id the signal is raised under, in the TrailWatcher namespace the built-in pack keeps for itself.</summary>
    public const string RuleId = "TrailWatcher.Input.OversizedRecord";

    // Built in code: the pipeline raises it, no condition ever matches a record.
    private static readonly Rule Rule = new()
    {
        Id = RuleId,
        Title = "CloudTrail record too large to evaluate",
        Description = "A record in a trail file was larger than TrailWatcher:Pipeline:MaxRecordBytes, so no rule saw it.",
        Severity = Severity.Medium,
        RiskScore = SeverityNames.DefaultRiskScore(Severity.Medium),
        Signal = true,
        Condition = new AnyCondition([]),
        Runbook = "Fetch the file and read the record at the byte offset given: find its eventName, caller and why it is so large. "
            + "Real CloudTrail records stay far below the limit; an oversized one is either a malformed or tampered file, or "
            + "someone making their call too large to be inspected. Raise TrailWatcher:Pipeline:MaxRecordBytes only once the record is understood.",
        Tags = ["TrailWatcher", "Input limits"],
    };

    /// <summary>The signal's match for one oversized record.</summary>
    public static RuleMatch Match(string source, long recordIndex, long byteOffset, long bytes, long limit, DateTimeOffset detectedAt)
    {
        var where = string.Create(CultureInfo.InvariantCulture, $"{source}\n{recordIndex}");
        var alert = new Alert
        {
            Id = AlertId.For(RuleId, where),
            RuleId = RuleId,
            Title = Rule.Title,
            Severity = Rule.Severity,
            RiskScore = Rule.RiskScore,
            Context =
            [
                new("file", DerivedField.TextValue(source)),
                new("record_index", Number(recordIndex)),
                new("byte_offset", Number(byteOffset)),
                new("record_bytes", Number(bytes)),
                new("limit_bytes", Number(limit)),
            ],
            Tags = Rule.Tags,
            Runbook = Rule.Runbook,
            Source = source,
            DetectedAt = detectedAt,
            Signal = true,
        };
        return new RuleMatch(Rule, alert, where);
    }

    private static JsonElement Number(long value) => JsonSerializer.SerializeToElement(value, DerivedJson.Default.Int64);
}
