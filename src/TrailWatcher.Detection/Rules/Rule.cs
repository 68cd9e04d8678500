using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Rules;

/// <summary>A compiled detection: its metadata, its condition over one CloudTrail record, and its embedded tests.</summary>
public sealed class Rule
{
    private readonly Condition _condition = null!;

    public Rule()
    {
    }

    /// <summary>A copy to change metadata on (tuning): the condition and what was derived from it are kept, not derived again.</summary>
    // The condition is copied through its field: its setter would derive the index keys and the guard again.
#pragma warning disable CS8618
    [SetsRequiredMembers]
    internal Rule(Rule source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Id = source.Id;
        Name = source.Name;
        Title = source.Title;
        Description = source.Description;
        Severity = source.Severity;
        RiskScore = source.RiskScore;
        Enabled = source.Enabled;
        Tags = source.Tags;
        Mitre = source.Mitre;
        References = source.References;
        Runbook = source.Runbook;
        Context = source.Context;
        Dedup = source.Dedup;
        Threshold = source.Threshold;
        Signal = source.Signal;
        _condition = source._condition;
        EventNames = source.EventNames;
        EventSources = source.EventSources;
        Guard = source.Guard;
        NameTest = source.NameTest;
        Exceptions = source.Exceptions;
        Tuning = source.Tuning;
        Tests = source.Tests;
        SourceFile = source.SourceFile;
        Format = source.Format;
        Author = source.Author;
        Status = source.Status;
        FalsePositives = source.FalsePositives;
        PartOf = source.PartOf;
    }
#pragma warning restore CS8618

    public required string Id { get; init; }

    /// <summary>A human-readable unique name other rules refer to this one by (Sigma's <c>name</c>, used by correlation rules); null when none.</summary>
    public string? Name { get; init; }

    public required string Title { get; init; }

    public string Description { get; init; } = "";

    public Severity Severity { get; init; } = Severity.Medium;

    /// <summary>0–100, as in Elastic's risk score.</summary>
    public int RiskScore { get; init; }

    public bool Enabled { get; init; } = true;

    public IReadOnlyList<string> Tags { get; init; } = [];

    public MitreAttack Mitre { get; init; } = MitreAttack.None;

    public IReadOnlyList<string> References { get; init; } = [];

    public string? Runbook { get; init; }

    /// <summary>Named values copied from the event into the alert's <c>context</c>.</summary>
    public IReadOnlyList<ContextField> Context { get; init; } = [];

    public DedupSettings? Dedup { get; init; }

    /// <summary>Matches within one dedup period needed before an alert is raised; 1 raises at the first match.</summary>
    public int Threshold { get; init; } = 1;

    /// <summary>True for a signal: counted, logged and written only to sinks that ask for signals; it never pages anyone.</summary>
    public bool Signal { get; init; }

    public required Condition Condition
    {
        get => _condition;
        init
        {
            _condition = value ?? throw new ArgumentNullException(nameof(value));
            EventNames = ConditionKeys.Derive(value, "eventName");
            EventSources = ConditionKeys.Derive(value, "eventSource");
            Guard = RecordGuards.Derive(value);
            NameTest = EventNameTest.Derive(value);
        }
    }

    /// <summary>What the condition asks of eventName alone, decided by the index once per distinct name; null when nothing.</summary>
    public EventNameTest? NameTest { get; private init; }

    /// <summary>The eventName values the condition can match (ignoring case), taken from it at load; null when any may.</summary>
    public IReadOnlySet<string>? EventNames { get; private init; }

    /// <summary>The eventSource values the condition can match (ignoring case); null when any may.</summary>
    public IReadOnlySet<string>? EventSources { get; private init; }

    /// <summary>Text a record must contain for the condition to match, checked before parsing; null when none is certain.</summary>
    public RecordGuard? Guard { get; private init; }

    /// <summary>Tuning exceptions: a match that also satisfies one of these (and has not expired) is silenced and counted, not raised.</summary>
    public IReadOnlyList<ExceptionClause> Exceptions { get; init; } = [];

    /// <summary>What tuning files changed on this rule, in the order applied; empty for a rule as shipped.</summary>
    public IReadOnlyList<TuningChange> Tuning { get; init; } = [];

    public IReadOnlyList<RuleTestCase> Tests { get; init; } = [];

    /// <summary>The file the rule was loaded from, for messages.</summary>
    public string SourceFile { get; init; } = "";

    /// <summary>The language the rule was written in: <c>native</c>, <c>sigma</c> or <c>eql</c>.</summary>
    public string Format { get; init; } = RuleFormats.Native;

    /// <summary>Who wrote the rule, when its format records it (Sigma's <c>author</c>).</summary>
    public string? Author { get; init; }

    /// <summary>The rule's maturity as its format states it (Sigma's <c>status</c>: stable, test, experimental, …).</summary>
    public string? Status { get; init; }

    /// <summary>Known benign causes of a match, as the rule's author listed them.</summary>
    public IReadOnlyList<string> FalsePositives { get; init; } = [];

    /// <summary>
    /// The correlation this rule is a hidden part of (an EQL sequence's step or until rule, <c>id#step1</c>): not a
    /// detection of its own, so listings leave it out. Null for every rule a file states.
    /// </summary>
    public string? PartOf { get; init; }

    /// <summary>True when the record matches; throws <see cref="RuleEvaluationException"/> when it cannot be decided (a regex timeout).</summary>
    public bool Matches(EventRecord record) => Condition.Matches(record);

    /// <summary>Convenience for tools and tests holding a bare element; the evaluator passes an <see cref="EventRecord"/>.</summary>
    public bool Matches(JsonElement record) => Condition.Matches(new EventRecord(record));

    /// <summary>The group a match of this rule counts into: the dedup key template resolved against the record, else the rule id.</summary>
    public string DedupKey(JsonElement record) => Dedup is null ? Id : Dedup.Key.Resolve(record);

    /// <summary>As <see cref="DedupKey(JsonElement)"/>, for a record being evaluated.</summary>
    public string DedupKey(EventRecord record) => Dedup is null ? Id : Dedup.Key.Resolve(record);
}
