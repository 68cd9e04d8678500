namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary>A binary operator: logical, comparison or arithmetic; <see cref="EqlNode.At"/> is the operator's token.</summary>
internal sealed record EqlBinaryNode(EqlToken At, string Operator, EqlNode Left, EqlNode Right) : EqlNode(At);
