namespace TrailWatcher.Detection.Correlation;

/// <summary>One <c>aliases</c> entry: a name used in group-by (or condition.field) standing for a different field per referenced rule.</summary>
/// <param name="Name">The alias as group-by uses it.</param>
/// <param name="Fields">Each referenced rule (as the alias wrote it) and the field its events carry the value in.</param>
/// <param name="Line">Where the alias is defined (1-based).</param>
/// <param name="Column">Where the alias is defined (1-based).</param>
public sealed record CorrelationAlias(string Name, IReadOnlyList<(CorrelationReference Rule, string Field)> Fields, int Line, int Column);
