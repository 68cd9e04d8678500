namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary>A constant: a string, an integer (long), a decimal (double), true/false, or null (<see cref="Value"/> null).</summary>
internal sealed record EqlLiteral(EqlToken At, object? Value) : EqlNode(At);
