namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary><c>not</c> of a condition.</summary>
internal sealed record EqlNotNode(EqlToken At, EqlNode Operand) : EqlNode(At);
