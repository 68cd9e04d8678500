using System.Text.Json;
using TrailWatcher.Detection.Rules;

namespace TrailWatcher.Detection.Alerts;

/// <summary>One detection: a rule that matched one CloudTrail record, with the facts a responder needs first.</summary>
public sealed record Alert
{
    /// <summary>Deterministic: the same rule and CloudTrail eventID always give the same id, so repeats are recognisable.</summary>
    public required string Id { get; init; }

    public required string RuleId { get; init; }

    public required string Title { get; init; }

    public required Severity Severity { get; init; }

    public int RiskScore { get; init; }

    public string? EventId { get; init; }

    public string? EventName { get; init; }

    public string? EventSource { get; init; }

    public string? EventTime { get; init; }

    public string? AccountId { get; init; }

    public string? Region { get; init; }

    public string? Actor { get; init; }

    public string? SourceIp { get; init; }

    public string? UserAgent { get; init; }

    /// <summary>The rule's context fields resolved against the event; a missing field is JSON null.</summary>
    public IReadOnlyList<KeyValuePair<string, JsonElement>> Context { get; init; } = [];

    public MitreAttack Mitre { get; init; } = MitreAttack.None;

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The rule's references (URLs), so a responder can read up without opening the rule file.</summary>
    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>The rule's response steps (free text), when it has them.</summary>
    public string? Runbook { get; init; }

    /// <summary>Where the event was read: a file path or s3://bucket/key.</summary>
    public required string Source { get; init; }

    public required DateTimeOffset DetectedAt { get; init; }
}
