using TrailWatcher.Detection.Tests.TestSupport;
using TrailWatcher.Detection.Testing;
using TrailWatcher.Detection.Rules.Files;

namespace TrailWatcher.Detection.Tests.Testing;

public sealed class RuleTestRunnerTests
{
    [Fact]
    public void Run_PassingAndFailingTests_ReportsEach()
    {
        var yaml = TestRules.Yaml(
            "field: eventName\nequals: PutBucketLogging",
            extra: """
                tests:
                  - name: matches
                    expected: true
                    event: {eventName: PutBucketLogging}
                  - name: wrong expectation
                    expected: true
                    event: {eventName: Other}
                  - name: unexpected match
                    expected: false
                    event: {eventName: PutBucketLogging}
                """);
        var set = RuleLoader.LoadTexts([("t.yml", yaml)]);

        var results = RuleTestRunner.Run(set);

        Assert.Equal([true, false, false], results.Select(r => r.Passed));
        Assert.Null(results[0].Failure);
        Assert.Contains("expected a match", results[1].Failure, StringComparison.Ordinal);
        Assert.Contains("expected no match", results[2].Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_DisabledRule_StillRunsItsTests()
    {
        var yaml = TestRules.Yaml(
            "field: eventName\nequals: X",
            extra: "enabled: false\ntests:\n  - name: t\n    expected: true\n    event: {eventName: X}");

        var result = Assert.Single(RuleTestRunner.Run(RuleLoader.LoadTexts([("t.yml", yaml)])));

        Assert.True(result.Passed, result.Failure);
    }

    [Fact]
    public void Run_EscapedEventNameInJsonString_IsOfferedByIndex()
    {
        var yaml = TestRules.Yaml(
            "field: eventName\nequals: PutBucketLogging",
            extra: "tests:\n  - name: t\n    expected: true\n    event: '{\"eventName\":\"PutBucket\\u004cogging\"}'");

        var result = Assert.Single(RuleTestRunner.Run(RuleLoader.LoadTexts([("t.yml", yaml)])));

        Assert.True(result.Passed, result.Failure);
    }

    [Fact]
    public void Run_MatchOnNonStringEventName_FailsBecauseIndexWouldDropIt()
    {
        // equals compares text, so the number 5 matches "5"; the production reader only reports string event names.
        var yaml = TestRules.Yaml(
            "field: eventName\nequals: 5",
            extra: "tests:\n  - name: t\n    expected: true\n    event: {eventName: 5}");

        var result = Assert.Single(RuleTestRunner.Run(RuleLoader.LoadTexts([("t.yml", yaml)])));

        Assert.False(result.Passed);
        Assert.Contains("index would drop this event", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_RegexTimeout_IsAFailureNotACrash()
    {
        var yaml = TestRules.Yaml(
            "field: v\nregex: '^(a+)+$'",
            extra: $"tests:\n  - name: t\n    expected: false\n    event: {{v: \"{new string('a', 5000)}!\"}}");

        var result = Assert.Single(RuleTestRunner.Run(RuleLoader.LoadTexts([("t.yml", yaml)])));

        Assert.False(result.Passed);
        Assert.Contains("timeout", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ExpectedMatchThatAnExceptionSilences_IsSilencedNotFailed()
    {
        var tuned = TestTuning.Apply("""
            tuning:
              - rules: AWS.S3.LoggingDisabled
                exceptions:
                  - {name: terraform-role, reason: nightly apply, owner: platform, condition: {field: userIdentity.arn, ends_with: role/terraform-apply}}
            """);

        var results = RuleTestRunner.Run(tuned.Rules.Rules.Where(r => r.Id == "AWS.S3.LoggingDisabled"));

        Assert.All(results, r => Assert.True(r.Passed, r.Failure));
        Assert.Equal(["SILENCED AWS.S3.LoggingDisabled: logging disabled by terraform (by exception terraform-role)", "PASS AWS.S3.LoggingDisabled: logging disabled by alice"], results.Select(r => r.ToString()));
    }

    [Fact]
    public void Run_UnexpectedMatchThatAnExceptionSilences_StillFails()
    {
        var yaml = TestRules.Yaml(
            "field: eventName\nequals: X",
            extra: "tests:\n  - name: t\n    expected: false\n    event: {eventName: X, sourceIPAddress: 10.0.0.1}");
        var rules = RuleLoader.LoadTexts([("t.yml", yaml)]);
        var tuned = TestTuning.Apply("tuning:\n  - rules: Test.Rule\n    exceptions:\n      - {name: ci, reason: r, owner: o, condition: {field: sourceIPAddress, equals: 10.0.0.1}}\n", rules: rules);

        var result = Assert.Single(RuleTestRunner.Run(tuned.Rules));

        Assert.False(result.Passed);
        Assert.Equal("expected no match, but the rule matched (exception ci silences it)", result.Failure);
    }
}
