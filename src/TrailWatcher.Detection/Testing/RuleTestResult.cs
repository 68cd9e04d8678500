using TrailWatcher.Detection.Rules;

namespace TrailWatcher.Detection.Testing;

/// <summary>The outcome of one embedded rule test; <see cref="Failure"/> says why when it did not pass.</summary>
/// <param name="Rule">The rule, tuning applied.</param>
/// <param name="Test">The test case.</param>
/// <param name="Passed">True when the rule decided as the test expects (a match an exception silences counts as decided).</param>
/// <param name="Failure">Why it failed; null when it passed.</param>
/// <param name="SilencedBy">The tuning exception that silences the expected match; null when none does.</param>
public sealed record RuleTestResult(Rule Rule, RuleTestCase Test, bool Passed, string? Failure, ExceptionClause? SilencedBy = null)
{
    /// <summary>The rule matched as expected, and a tuning exception silences that match.</summary>
    public bool Silenced => Passed && SilencedBy is not null;

    public override string ToString() => this switch
    {
        { Silenced: true } => $"SILENCED {Rule.Id}: {Test.Name} (by exception {SilencedBy!.Name})",
        { Passed: true } => $"PASS {Rule.Id}: {Test.Name}",
        _ => $"FAIL {Rule.Id}: {Test.Name} ({Rule.SourceFile}:{Test.Line}): {Failure}",
    };
}
