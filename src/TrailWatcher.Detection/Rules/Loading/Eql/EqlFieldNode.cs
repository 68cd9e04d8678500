namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary>A field name, as written after unescaping backticks.</summary>
internal sealed record EqlFieldNode(EqlToken At, string Name) : EqlNode(At);
