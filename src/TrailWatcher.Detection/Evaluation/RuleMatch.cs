using TrailWatcher.Detection.Alerts;
using TrailWatcher.Detection.Rules;

namespace TrailWatcher.Detection.Evaluation;

/// <summary>One rule matching one record: the dedup group it counts into, and the alert it would raise alone.</summary>
/// <remarks>
/// Most matches only add a count and an eventID to a dedup group that already has its alert, so the alert (contexts,
/// id hash, copies of the record's fields) is built from the record's JSON the first time it is asked for.
/// </remarks>
public sealed class RuleMatch
{
    private readonly ReadOnlyMemory<byte> _recordJson;
    private readonly string _source;
    private readonly DateTimeOffset _detectedAt;
    private Alert? _alert;

    /// <summary>A match whose alert is built on demand from the record.</summary>
    /// <param name="rule">The rule, for its dedup period, threshold and signal flag.</param>
    /// <param name="dedupKey">The rule's dedup key template resolved against the record.</param>
    /// <param name="eventId">The record's eventID, when it has one.</param>
    /// <param name="eventTime">The record's eventTime, when it has one.</param>
    /// <param name="recordJson">The record's JSON; it must not change while the match lives.</param>
    /// <param name="source">The file or object the record came from.</param>
    /// <param name="detectedAt">When the match was made.</param>
    public RuleMatch(Rule rule, string dedupKey, string? eventId, string? eventTime, ReadOnlyMemory<byte> recordJson, string source, DateTimeOffset detectedAt)
    {
        Rule = rule;
        DedupKey = dedupKey;
        EventId = eventId;
        EventTime = eventTime;
        _recordJson = recordJson;
        _source = source;
        _detectedAt = detectedAt;
    }

    /// <summary>A match with its alert already built.</summary>
    /// <param name="rule">The rule that matched.</param>
    /// <param name="alert">The match's alert.</param>
    /// <param name="dedupKey">The rule's dedup key template resolved against the record.</param>
    /// <param name="recordJson">The record's JSON, when the caller has it; it must not change while the match lives.</param>
    public RuleMatch(Rule rule, Alert alert, string dedupKey, ReadOnlyMemory<byte> recordJson = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        Rule = rule;
        DedupKey = dedupKey;
        EventId = alert.EventId;
        EventTime = alert.EventTime;
        _recordJson = recordJson;
        _source = alert.Source;
        _detectedAt = alert.DetectedAt;
        _alert = alert;
    }

    /// <summary>The rule that matched.</summary>
    public Rule Rule { get; }

    /// <summary>The rule's dedup key template resolved against the record.</summary>
    public string DedupKey { get; }

    /// <summary>The record's eventID, when it has one.</summary>
    public string? EventId { get; }

    /// <summary>The record's eventTime, when it has one.</summary>
    public string? EventTime { get; }

    /// <summary>The fields later stages read from the record (see <see cref="RecordEvaluator.Projections"/>); null when none were asked for.</summary>
    public ProjectedFields? Projected { get; init; }

    /// <summary>The record's JSON; empty when the match was made with its alert and without the record.</summary>
    public ReadOnlyMemory<byte> RecordJson => _recordJson;

    /// <summary>The alert of this match alone (count 1), built on first use; two threads may both build it, alike.</summary>
    public Alert Alert => _alert ??= AlertFactory.Create(Rule, _recordJson, _source, _detectedAt);

    /// <summary>How long the group this match starts stays open; the router groups only rules with a dedup block.</summary>
    public TimeSpan Period => Rule.Dedup?.Period ?? TimeSpan.Zero;
}
