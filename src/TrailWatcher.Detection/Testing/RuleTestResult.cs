using TrailWatcher.Detection.Rules;

namespace TrailWatcher.Detection.Testing;

/// <summary>The outcome of one embedded rule test; <see cref="Failure"/> says why when it did not pass.</summary>
public sealed record RuleTestResult(Rule Rule, RuleTestCase Test, bool Passed, string? Failure)
{
    public override string ToString() =>
        Passed ? $"PASS {Rule.Id}: {Test.Name}" : $"FAIL {Rule.Id}: {Test.Name} ({Rule.SourceFile}:{Test.Line}): {Failure}";
}
