namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary>
/// A parsed <c>sequence</c> query: the join keys every step shares (<c>sequence by</c>), <c>with maxspan</c> (null when
/// not written), the steps in order, and the <c>until</c> step (null when none).
/// </summary>
internal sealed record EqlSequenceNode(
    EqlToken At,
    IReadOnlyList<EqlFieldNode> SharedKeys,
    EqlToken? MaxspanToken,
    TimeSpan? Maxspan,
    IReadOnlyList<EqlSequenceStepNode> Steps,
    EqlSequenceStepNode? Until);
