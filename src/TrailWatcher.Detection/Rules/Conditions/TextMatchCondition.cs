namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary><c>contains</c>, <c>starts_with</c>, <c>ends_with</c> on the value's text.</summary>
internal sealed class TextMatchCondition(FieldPath path, TextMatchKind kind, string value, bool ignoreCase)
    : TextLeafCondition(path)
{
    private readonly StringComparison _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    protected override bool TestText(ReadOnlySpan<char> text) => kind switch
    {
        TextMatchKind.Contains => text.Contains(value, _comparison),
        TextMatchKind.StartsWith => text.StartsWith(value, _comparison),
        _ => text.EndsWith(value, _comparison),
    };
}
