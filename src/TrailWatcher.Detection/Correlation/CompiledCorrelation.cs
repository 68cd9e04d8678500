namespace TrailWatcher.Detection.Correlation;

/// <summary>A correlation with its references resolved: its inputs, its effective condition and how its windows run.</summary>
internal sealed class CompiledCorrelation
{
    public required CorrelationRule Rule { get; init; }

    /// <summary>Position in evaluation order: every correlation comes after those it refers to.</summary>
    public required int Order { get; init; }

    public required IReadOnlyList<CorrelationInput> Inputs { get; init; }

    /// <summary>The <see cref="CorrelationRule.Until"/> rule's input (at <see cref="CorrelationEntry.UntilPosition"/>); null when none.</summary>
    public CorrelationInput? Until { get; init; }

    /// <summary>Every input, the until rule's last.</summary>
    public IEnumerable<CorrelationInput> AllInputs => Until is null ? Inputs : Inputs.Append(Until);

    /// <summary>The condition applied to the measured count; temporal without a condition means every referenced rule (gte N).</summary>
    public CorrelationCondition? Condition { get; init; }

    public long SpanTicks => Rule.Timespan.Ticks;

    /// <summary>
    /// True when windows are fixed, anchored at a group's first open event and decided when they close: a condition with an
    /// upper bound cannot be decided earlier. Otherwise windows slide and fire at the first event that meets the condition.
    /// </summary>
    public bool Tumbling => Condition?.HasUpperBound == true;

    /// <summary>The correlations that take this one's matches as input, with the input they arrive at.</summary>
    public List<(CompiledCorrelation Outer, CorrelationInput Input)> Dependents { get; } = [];
}
