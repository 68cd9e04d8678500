namespace TrailWatcher.Detection.Rules.Loading;

/// <summary>One problem found while loading rules, located in its file (line and column are 1-based; 0 when the problem is the whole file or directory).</summary>
public sealed record RuleLoadError(string File, int Line, int Column, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}: {Message}";
}
