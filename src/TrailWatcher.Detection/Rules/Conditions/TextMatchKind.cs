namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>How a string leaf compares a value's text with its operand.</summary>
internal enum TextMatchKind
{
    Contains,
    StartsWith,
    EndsWith,

    /// <summary>The whole text matches a <see cref="WildcardPattern"/>.</summary>
    Wildcard,
}
