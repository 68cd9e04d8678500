namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>A string leaf with its matching mode: <c>contains</c>, <c>starts_with</c>, <c>ends_with</c> or a whole-value wildcard, each cased or not.</summary>
internal sealed class TextMatchCondition(FieldReader field, TextMatchKind kind, string value, bool ignoreCase)
    : TextLeafCondition(field)
{
    private readonly StringComparison _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
    private readonly WildcardPattern? _pattern = kind == TextMatchKind.Wildcard ? new WildcardPattern(value, ignoreCase) : null;

    public TextMatchKind Kind { get; } = kind;

    public string Value { get; } = value;

    public bool IgnoreCase { get; } = ignoreCase;

    /// <summary>For a wildcard, its longest fixed run (what every match contains); empty otherwise.</summary>
    public string WildcardLiteral => _pattern?.LongestLiteral() ?? "";

    protected override bool TestText(ReadOnlySpan<char> text) => Kind switch
    {
        TextMatchKind.Contains => text.Contains(Value, _comparison),
        TextMatchKind.StartsWith => text.StartsWith(Value, _comparison),
        TextMatchKind.EndsWith => text.EndsWith(Value, _comparison),
        _ => _pattern!.IsMatch(text),
    };
}
