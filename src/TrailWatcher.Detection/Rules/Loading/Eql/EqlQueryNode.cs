namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary>A parsed single-event query: its category (null for <c>any</c>) and its condition.</summary>
internal sealed record EqlQueryNode(EqlToken CategoryToken, string? Category, EqlNode Condition);
