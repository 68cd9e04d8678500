using TrailWatcher.Detection.Rules.Tuning;
using TrailWatcher.Detection.Tests.TestSupport;

namespace TrailWatcher.Detection.Tests.Rules.Tuning;

public sealed class TuningFileErrorTests
{
    [Fact]
    public void Tuning_UnknownRuleId_FailsNamingFileLineAndColumn()
    {
        var errors = TestTuning.Errors("tuning:\n  - rules: AWS.S3.NoSuchRule\n    enabled: false\n");

        Assert.Equal("tuning.yml:2:12: unknown rule id 'AWS.S3.NoSuchRule'", Assert.Single(errors));
    }

    [Fact]
    public void Tuning_GlobMatchingNoRule_FailsLikeAnUnknownId()
    {
        var errors = TestTuning.Errors("tuning:\n  - rules: [AWS.S3.*, AWS.EC2.*]\n    enabled: false\n");

        Assert.Equal("tuning.yml:2:23: 'AWS.EC2.*' matches no loaded rule", Assert.Single(errors));
    }

    [Fact]
    public void Tuning_IdInTheWrongCase_FailsAndSuggestsTheId()
    {
        var errors = TestTuning.Errors("tuning:\n  - rules: aws.s3.policychanged\n    enabled: false\n");

        Assert.Contains("did you mean 'AWS.S3.PolicyChanged'?", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Tuning_BadExceptionCondition_FailsNamingTheOperatorsPosition()
    {
        var errors = TestTuning.Errors("""
            tuning:
              - rules: AWS.S3.PolicyChanged
                exceptions:
                  - name: ci
                    reason: CI sets policies
                    owner: ci@example.com
                    condition:
                      field: userIdentity.arn
                      starts_wth: arn:aws:iam::111111111111:role/ci-
            """);

        Assert.StartsWith("tuning.yml:9:11: unknown operator 'starts_wth'", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2027-02-30")]
    [InlineData("31/03/2027")]
    [InlineData("next friday")]
    public void Tuning_BadExpiryDate_FailsNamingItsPosition(string date)
    {
        var errors = TestTuning.Errors($"""
            tuning:
              - rules: AWS.S3.PolicyChanged
                exceptions:
                  - name: ci
                    reason: CI sets policies
                    owner: ci@example.com
                    expires: {date}
                    condition: {"{"}field: sourceIPAddress, equals: 10.0.0.1{"}"}
            """);

        Assert.StartsWith($"tuning.yml:7:18: 'expires' expects a date written YYYY-MM-DD (UTC), such as 2027-03-31; found '{date}'", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Tuning_UnknownKeys_FailNamingEachKey()
    {
        var errors = TestTuning.Errors("""
            tuning:
              - rules: AWS.S3.PolicyChanged
                severty: high
                exceptions:
                  - name: ci
                    reason: CI sets policies
                    ower: ci@example.com
                    condition: {field: sourceIPAddress, equals: 10.0.0.1}
            """);

        Assert.Contains(errors, e => e.StartsWith("tuning.yml:3:5: unknown tuning key 'severty' (expected one of rules, enabled, severity,", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("tuning.yml:7:9: unknown exception key 'ower'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("tuning.yml:5:9: missing required key 'owner'", StringComparison.Ordinal));
    }

    [Fact]
    public void Tuning_ProblemsAcrossEntries_AreAllReportedAtOnce()
    {
        var errors = TestTuning.Errors("""
            tuning:
              - rules: AWS.Nope
                enabled: false
              - rules: AWS.S3.PolicyChanged
                severity: urgent
                dedup: {period: soon}
                threshold: 0
              - rules: AWS.S3.LoggingDisabled
            """);

        Assert.Equal(
        [
            "tuning.yml:5:15: severity 'urgent' is not one of info, low, medium, high, critical",
            "tuning.yml:6:21: dedup period 'soon' is not a positive duration (30s, 15m, 1h, 1d or 01:00:00)",
            "tuning.yml:7:16: 'threshold' expects a whole number of at least 1",
            "tuning.yml:8:5: this entry changes nothing: add enabled, severity, signal, dedup, threshold or exceptions",
            "tuning.yml:2:12: unknown rule id 'AWS.Nope'",
        ], errors);
    }

    [Fact]
    public void Tuning_YamlSyntaxError_NamesThePosition()
    {
        var errors = TestTuning.Errors("tuning:\n  - rules: [AWS.S3.PolicyChanged\n    enabled: false\n");

        Assert.Matches(@"^tuning\.yml:\d+:\d+: YAML syntax error", Assert.Single(errors));
    }

    [Fact]
    public void Tuning_NotATuningDocument_SaysWhatIsExpected()
    {
        var errors = TestTuning.Errors("- rules: AWS.S3.PolicyChanged\n  enabled: false\n");

        Assert.Equal("tuning.yml:1:1: a tuning file is a mapping with one key, 'tuning', holding a list of entries", Assert.Single(errors));
    }

    [Fact]
    public void TuningLoader_MissingFile_IsNamed()
    {
        var missing = Path.Combine(Path.GetTempPath(), "tw-no-such-tuning.yml");

        var tuning = TuningLoader.LoadFiles([missing]);

        Assert.Equal($"{missing}: tuning file does not exist", Assert.Single(tuning.Errors).ToString());
    }

    [Fact]
    public void TuningLoader_EmptyList_TunesNothing()
    {
        var tuned = TestTuning.Apply("tuning: []\n");

        Assert.All(tuned.Rules.Rules, r => Assert.Empty(r.Tuning));
    }
}
