namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>Which substring test a <see cref="TextMatchCondition"/> performs.</summary>
internal enum TextMatchKind
{
    Contains,
    StartsWith,
    EndsWith,
}
