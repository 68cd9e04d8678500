namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>The ordering a <see cref="NumericCondition"/> checks.</summary>
internal enum NumericComparison
{
    GreaterThan,
    GreaterThanOrEqual,
    LessThan,
    LessThanOrEqual,
}
