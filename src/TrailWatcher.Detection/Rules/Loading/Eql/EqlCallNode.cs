namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary>A function call; <see cref="IgnoreCase"/> for the <c>name~(...)</c> form.</summary>
internal sealed record EqlCallNode(EqlToken At, string Name, bool IgnoreCase, IReadOnlyList<EqlNode> Arguments) : EqlNode(At);
