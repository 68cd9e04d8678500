namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary>A node of a parsed EQL condition; it keeps the token it starts at so the compiler can point at it.</summary>
internal abstract record EqlNode(EqlToken At);
