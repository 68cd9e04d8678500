namespace TrailWatcher.Detection.Rules;

/// <summary>One embedded test of a rule: a CloudTrail record (as JSON) and whether the rule must match it.</summary>
public sealed record RuleTestCase(string Name, string EventJson, bool ExpectedMatch, int Line);
