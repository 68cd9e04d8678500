using System.Text;
using TrailWatcher.Detection.Alerts;
using TrailWatcher.Detection.Evaluation;
using TrailWatcher.Detection.Rules.Tuning;
using TrailWatcher.Detection.Tests.TestSupport;

namespace TrailWatcher.Detection.Tests.Rules.Tuning;

public sealed class TuningApplierTests
{
    private const string LoggingOffByTerraform = """{"eventID":"e-tf","eventSource":"s3.amazonaws.com","eventName":"PutBucketLogging","userIdentity":{"arn":"arn:aws:iam::111111111111:role/terraform-apply"}}""";
    private const string LoggingOffByAlice = """{"eventID":"e-alice","eventSource":"s3.amazonaws.com","eventName":"PutBucketLogging","userIdentity":{"arn":"arn:aws:iam::111111111111:user/alice"}}""";

    private const string TerraformException = """
        tuning:
          - rules: AWS.S3.*
            exceptions:
              - name: terraform-role
                reason: Terraform applies bucket settings nightly
                owner: platform-team@example.com
                expires: 2026-06-30
                condition:
                  field: userIdentity.arn
                  starts_with: arn:aws:iam::111111111111:role/terraform-
        """;

    [Fact]
    public void Tuning_DisableByGlob_DisablesEveryMatchingRuleAndKeepsTheOthersAsShipped()
    {
        var pack = TestTuning.Pack();

        var tuned = TestTuning.Apply("tuning:\n  - rules: AWS.S3.*\n    enabled: false\n", rules: pack);

        Assert.DoesNotContain(tuned.Rules.Enabled, r => r.Id.StartsWith("AWS.S3.", StringComparison.Ordinal));
        Assert.False(tuned.Rule("AWS.S3.PolicyChanged").Enabled);
        Assert.Same(pack.Rules.Single(r => r.Id == "AWS.IAM.CreateRole"), tuned.Rule("AWS.IAM.CreateRole"));
        Assert.Equal(new TuningChange("enabled", "false", "tuning.yml", 3), Assert.Single(tuned.Rule("AWS.S3.LoggingDisabled").Tuning));
    }

    [Fact]
    public void Tuning_EnableARuleThatShipsDisabled_PutsItAmongTheEvaluatedRules()
    {
        var tuned = TestTuning.Apply("tuning:\n  - rules: AWS.CloudTrail.UserAccessKeyAuth\n    enabled: true\n");

        Assert.Contains(tuned.Rules.Enabled, r => r.Id == "AWS.CloudTrail.UserAccessKeyAuth");
    }

    [Fact]
    public void Tuning_Severity_AlertsCarryTheNewSeverity()
    {
        var tuned = TestTuning.Apply("tuning:\n  - rules: AWS.S3.LoggingDisabled\n    severity: critical\n");

        Assert.Equal(Severity.Critical, Evaluate(tuned, LoggingOffByAlice).Matches.Single().Alert.Severity);
    }

    [Fact]
    public void Tuning_SignalTrue_TurnsAnAlertRuleIntoASignal()
    {
        var tuned = TestTuning.Apply("tuning:\n  - rules: AWS.S3.LoggingDisabled\n    signal: true\n");

        Assert.Equal(AlertKind.Signal, Evaluate(tuned, LoggingOffByAlice).Matches.Single().Alert.Kind);
    }

    [Fact]
    public void Tuning_SignalFalse_TurnsASignalIntoAnAlert()
    {
        var tuned = TestTuning.Apply("tuning:\n  - rules: AWS.IAM.CreateRole\n    signal: false\n");

        Assert.False(tuned.Rule("AWS.IAM.CreateRole").Signal);
    }

    [Fact]
    public void Tuning_DedupPeriod_ChangesThePeriodAndKeepsTheRulesKey()
    {
        var tuned = TestTuning.Apply("tuning:\n  - rules: AWS.CloudTrail.Deleted\n    dedup: {period: 6h}\n");

        var dedup = tuned.Rule("AWS.CloudTrail.Deleted").Dedup!;
        Assert.Equal((TimeSpan.FromHours(6), "{recipientAccountId}"), (dedup.Period, dedup.KeyTemplate));
    }

    [Fact]
    public void Tuning_DedupPeriodOnARuleWithoutDedup_GroupsItsMatchesByRuleId()
    {
        var tuned = TestTuning.Apply("tuning:\n  - rules: AWS.IAM.CreateRole\n    dedup: {period: 30m}\n    threshold: 3\n");

        var rule = tuned.Rule("AWS.IAM.CreateRole");
        Assert.Equal((TimeSpan.FromMinutes(30), "AWS.IAM.CreateRole", 3), (rule.Dedup!.Period, rule.DedupKey(default(System.Text.Json.JsonElement)), rule.Threshold));
    }

    [Fact]
    public void Tuning_ThresholdOnAGroupedRule_RaisesAfterThatManyMatches()
    {
        var tuned = TestTuning.Apply("tuning:\n  - rules: AWS.CloudTrail.Deleted\n    threshold: 5\n");

        Assert.Equal(5, tuned.Rule("AWS.CloudTrail.Deleted").Threshold);
    }

    [Fact]
    public void Tuning_ThresholdAboveOneWithoutDedup_FailsNamingFileLineAndRule()
    {
        var errors = TestTuning.Errors("tuning:\n  - rules: AWS.IAM.CreateRole\n    threshold: 3\n");

        Assert.Equal("tuning.yml:3:16: 'threshold: 3' counts matches within a dedup period, and rule AWS.IAM.CreateRole has none: add 'dedup: {period: ...}' to this entry", Assert.Single(errors));
    }

    [Fact]
    public void Tuning_Exception_SilencesMatchingRecordsAndKeepsTheConditionAndIndexKeys()
    {
        var pack = TestTuning.Pack();
        var tuned = TestTuning.Apply(TerraformException, rules: pack);
        var original = pack.Rules.Single(r => r.Id == "AWS.S3.LoggingDisabled");
        var rule = tuned.Rule("AWS.S3.LoggingDisabled");

        var silenced = Evaluate(tuned, LoggingOffByTerraform);
        var raised = Evaluate(tuned, LoggingOffByAlice);

        Assert.Same(original.Condition, rule.Condition);
        Assert.Same(original.EventNames, rule.EventNames);
        Assert.Same(original.Guard, rule.Guard);
        Assert.Empty(silenced.Matches);
        Assert.Equal(("AWS.S3.LoggingDisabled", "terraform-role"), (silenced.Verdict.Suppressions![0].Rule.Id, silenced.Verdict.Suppressions[0].Exception.Name));
        Assert.Single(raised.Matches);
        var exception = Assert.Single(rule.Exceptions);
        Assert.Equal(("Terraform applies bucket settings nightly", "platform-team@example.com", new DateOnly(2026, 6, 30), 4), (exception.Reason, exception.Owner, exception.Expires, exception.Line));
        Assert.Empty(tuned.Warnings);
    }

    [Fact]
    public void Tuning_ExceptionOnItsLastDay_StillApplies()
    {
        var tuned = TestTuning.Apply(TerraformException, now: new DateTimeOffset(2026, 6, 30, 23, 59, 0, TimeSpan.Zero));

        Assert.Empty(Evaluate(tuned, LoggingOffByTerraform, new DateTimeOffset(2026, 6, 30, 23, 59, 30, TimeSpan.Zero)).Matches);
    }

    [Fact]
    public void Tuning_ExceptionPastItsExpiryAtLoad_DoesNotApplyAndWarnsOnceNamingFileLineRulesAndException()
    {
        var tuned = TestTuning.Apply(TerraformException, now: new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Single(Evaluate(tuned, LoggingOffByTerraform).Matches);
        Assert.Empty(tuned.Rule("AWS.S3.LoggingDisabled").Exceptions);
        Assert.Equal(new TuningChange("expired_exception", "terraform-role", "tuning.yml", 4), Assert.Single(tuned.Rule("AWS.S3.PolicyChanged").Tuning));
        var warning = Assert.Single(tuned.Warnings);
        Assert.Equal("tuning.yml:4: exception 'terraform-role' of rules AWS.S3.LoggingDisabled, AWS.S3.PolicyChanged (owner platform-team@example.com) expired on 2026-06-30 and no longer applies", warning.ToString());
    }

    [Fact]
    public void Tuning_SeveralEntriesForOneRule_ApplyInOrderAndTheLaterWins()
    {
        var tuned = TestTuning.Apply("tuning:\n  - rules: AWS.S3.*\n    severity: high\n  - rules: [AWS.S3.PolicyChanged]\n    severity: low\n");

        Assert.Equal((Severity.High, Severity.Low), (tuned.Rule("AWS.S3.LoggingDisabled").Severity, tuned.Rule("AWS.S3.PolicyChanged").Severity));
        Assert.Equal(["high", "low"], tuned.Rule("AWS.S3.PolicyChanged").Tuning.Select(c => c.Value));
    }

    [Fact]
    public void Tuning_TwoExceptionsOfOneRuleWithTheSameName_Fail()
    {
        var errors = TestTuning.Errors("""
            tuning:
              - rules: AWS.S3.*
                exceptions:
                  - {name: ci, reason: r, owner: o, condition: {field: sourceIPAddress, equals: 10.0.0.1}}
              - rules: AWS.S3.PolicyChanged
                exceptions:
                  - {name: ci, reason: r, owner: o, condition: {field: sourceIPAddress, equals: 10.0.0.2}}
            """);

        Assert.Equal("tuning.yml:7:9: exception 'ci' is already defined for rule AWS.S3.PolicyChanged (tuning.yml:4); give each exception of a rule its own name", Assert.Single(errors));
    }

    private static (List<RuleMatch> Matches, RecordVerdict Verdict) Evaluate(TunedRules tuned, string json, DateTimeOffset? at = null)
    {
        var evaluator = RecordEvaluator.ForEnabled(tuned.Rules);
        var matches = new List<RuleMatch>();
        var bytes = Encoding.UTF8.GetBytes(json);
        var verdict = evaluator.Evaluate(bytes, evaluator.Index.Candidates("s3.amazonaws.com", "PutBucketLogging"), "f.json", 0, at ?? TestTuning.Today, matches);
        return (matches, verdict);
    }
}
