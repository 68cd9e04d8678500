using TrailWatcher.Detection.Rules;

namespace TrailWatcher.Detection.Correlation;

/// <summary>A Sigma correlation rule as written: metadata and the <c>correlation</c> section, references not yet resolved.</summary>
public sealed class CorrelationRule
{
    /// <summary>The rule's id; when the file gives none, its <c>name</c>, else the file name (with the document number in a multi-document file).</summary>
    public required string Id { get; init; }

    /// <summary>The name other correlations may refer to this one by; null when none.</summary>
    public string? Name { get; init; }

    public required string Title { get; init; }

    public string Description { get; init; } = "";

    public string? Status { get; init; }

    public string? Author { get; init; }

    /// <summary>The severity of a correlation match (<c>level</c>; none gives medium).</summary>
    public Severity Severity { get; init; } = Severity.Medium;

    /// <summary>True for <c>level: informational</c>: a match is a signal, as for single-event Sigma rules.</summary>
    public bool Signal { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The MITRE ATT&amp;CK tactics and techniques its <c>attack.*</c> tags name.</summary>
    public MitreAttack Mitre { get; init; } = MitreAttack.None;

    public IReadOnlyList<string> FalsePositives { get; init; } = [];

    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>What to do about a match; null uses the description (Sigma has no runbook; an EQL sequence file may give one).</summary>
    public string? Runbook { get; init; }

    /// <summary>
    /// The specification's <c>generate</c> (default false): when false, matches of the referenced rules are only input to
    /// this correlation and are not meant to be alerts of their own.
    /// </summary>
    public bool Generate { get; init; }

    public required CorrelationType Type { get; init; }

    /// <summary>The referenced rules (ids or names of rules or of other correlations), in the listed order (temporal_ordered's order).</summary>
    public required IReadOnlyList<CorrelationReference> Rules { get; init; }

    /// <summary>
    /// temporal_ordered only: the rule whose matches end the group's partial sequences begun before them (an EQL
    /// sequence's <c>until</c>); null when none. Its events count for no position.
    /// </summary>
    public CorrelationReference? Until { get; init; }

    /// <summary>The group-by field names or alias names; empty puts every event in one group.</summary>
    public IReadOnlyList<string> GroupBy { get; init; } = [];

    public required TimeSpan Timespan { get; init; }

    /// <summary>
    /// temporal_ordered only: each referenced rule must be matched by a different event (an EQL sequence, whose steps are
    /// events of their own). False (Sigma) lets one event that matches several referenced rules stand for each of them.
    /// </summary>
    public bool DistinctEvents { get; init; }

    /// <summary>The condition; null for a temporal correlation without one (every referenced rule must match) and for temporal_ordered.</summary>
    public CorrelationCondition? Condition { get; init; }

    public IReadOnlyList<CorrelationAlias> Aliases { get; init; } = [];

    /// <summary>The language it was written in: <c>sigma</c> (a correlation rule) or <c>eql</c> (a <c>sequence</c> query).</summary>
    public string Format { get; init; } = RuleFormats.Sigma;

    /// <summary>The file the correlation was loaded from, and where its document starts (1-based), for messages.</summary>
    public string SourceFile { get; init; } = "";

    public int Line { get; init; }

    public int Column { get; init; }
}
