using System.Text.Json;
using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Rules;

/// <summary>A compiled detection: its metadata, its condition over one CloudTrail record, and its embedded tests.</summary>
public sealed class Rule
{
    private readonly Condition _condition = null!;

    public required string Id { get; init; }

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
        }
    }

    /// <summary>The eventName values the condition can match (ignoring case), taken from it at load; null when any may.</summary>
    public IReadOnlySet<string>? EventNames { get; private init; }

    /// <summary>The eventSource values the condition can match (ignoring case); null when any may.</summary>
    public IReadOnlySet<string>? EventSources { get; private init; }

    /// <summary>Text a record must contain for the condition to match, checked before parsing; null when none is certain.</summary>
    public RecordGuard? Guard { get; private init; }

    public IReadOnlyList<RuleTestCase> Tests { get; init; } = [];

    /// <summary>The file the rule was loaded from, for messages.</summary>
    public string SourceFile { get; init; } = "";

    /// <summary>True when the record matches; throws <see cref="RuleEvaluationException"/> when it cannot be decided (a regex timeout).</summary>
    public bool Matches(EventRecord record) => Condition.Matches(record);

    /// <summary>Convenience for tools and tests holding a bare element; the evaluator passes an <see cref="EventRecord"/>.</summary>
    public bool Matches(JsonElement record) => Condition.Matches(new EventRecord(record));

    /// <summary>The group a match of this rule counts into: the dedup key template resolved against the record, else the rule id.</summary>
    public string DedupKey(JsonElement record) => Dedup is null ? Id : Dedup.Key.Resolve(record);
}
