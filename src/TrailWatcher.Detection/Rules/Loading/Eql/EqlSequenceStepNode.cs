namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary>One bracketed step of a sequence, <c>[ category where condition ] by field, …</c>: its query and its own join keys.</summary>
/// <param name="At">The opening bracket.</param>
/// <param name="Query">The step's single-event query.</param>
/// <param name="Keys">The step's own <c>by</c> fields (after the shared ones), in order.</param>
internal sealed record EqlSequenceStepNode(EqlToken At, EqlQueryNode Query, IReadOnlyList<EqlFieldNode> Keys);
