namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary>A lookup operator (<c>in</c>, <c>:</c>, <c>like</c>, <c>regex</c>, their <c>~</c> forms, <c>not in</c>) and its values; <see cref="EqlNode.At"/> is the operator.</summary>
internal sealed record EqlLookupNode(
    EqlToken At, EqlLookupKind Kind, bool IgnoreCase, bool Negated, EqlNode Left, IReadOnlyList<EqlLiteral> Values) : EqlNode(At);
