using System.Text.Json;
using TrailWatcher.Detection.Accounts;
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

    /// <summary>What the account directory says of <see cref="AccountId"/>; null when no directory lists it.</summary>
    public AccountInfo? Account { get; init; }

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

    /// <summary>True when the rule is a signal; its updates are signals' too, so they go where signals go.</summary>
    public bool Signal { get; init; }

    /// <summary>For an update: the id of the alert whose events it carries on; null for an alert or a signal.</summary>
    public string? UpdateOf { get; init; }

    public AlertKind Kind => UpdateOf is not null ? AlertKind.Update : Signal ? AlertKind.Signal : AlertKind.Alert;

    /// <summary>Matches counted in the dedup period so far (an update's total includes the alert's).</summary>
    public int Count { get; init; } = 1;

    /// <summary>The earliest and latest eventTime of the matches counted.</summary>
    public string? FirstSeen { get; init; }

    public string? LastSeen { get; init; }

    /// <summary>The CloudTrail eventIDs this record carries; an update carries only those no earlier record did.</summary>
    public IReadOnlyList<string> EventIds { get; init; } = [];
}
