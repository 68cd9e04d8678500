namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary>Unary minus of a non-literal expression (a negative literal is folded by the parser).</summary>
internal sealed record EqlNegateNode(EqlToken At, EqlNode Operand) : EqlNode(At);
