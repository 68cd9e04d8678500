namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary><c>one_of</c>: the value's text is one of a set of constants.</summary>
internal sealed class OneOfCondition : TextLeafCondition
{
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public OneOfCondition(FieldReader field, IReadOnlyList<string> values, bool ignoreCase)
        : base(field)
    {
        Values = values;
        IgnoreCase = ignoreCase;
        var set = new HashSet<string>(values, ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        _lookup = set.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public IReadOnlyList<string> Values { get; }

    public bool IgnoreCase { get; }

    protected override bool TestText(ReadOnlySpan<char> text) => _lookup.Contains(text);
}
