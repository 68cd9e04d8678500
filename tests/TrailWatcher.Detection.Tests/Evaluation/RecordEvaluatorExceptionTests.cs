using System.Text;
using TrailWatcher.Detection.Evaluation;
using TrailWatcher.Detection.Rules.Conditions;
using TrailWatcher.Detection.Tests.TestSupport;

namespace TrailWatcher.Detection.Tests.Evaluation;

public sealed class RecordEvaluatorExceptionTests
{
    private const string ByTerraform = """{"eventID":"e-tf","eventName":"DeleteTrail","eventSource":"cloudtrail.amazonaws.com","userIdentity":{"arn":"arn:aws:iam::111111111111:role/terraform-apply"}}""";
    private const string ByAlice = """{"eventID":"e-alice","eventName":"DeleteTrail","eventSource":"cloudtrail.amazonaws.com","userIdentity":{"arn":"arn:aws:iam::111111111111:user/alice"}}""";
    private static readonly DateTimeOffset Now = new(2026, 3, 31, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Evaluate_MatchSatisfyingAnException_IsReportedAsSuppressionNotMatch()
    {
        var evaluator = Evaluator(TerraformException());
        var matches = new List<RuleMatch>();

        var verdict = Evaluate(evaluator, ByTerraform, Now, matches);

        Assert.Empty(matches);
        var suppression = Assert.Single(verdict.Suppressions!);
        Assert.Equal(("Trail.Deleted", "terraform-role", "e-tf"), (suppression.Rule.Id, suppression.Exception.Name, suppression.EventId));
    }

    [Fact]
    public void Evaluate_MatchOutsideTheException_RaisesTheAlert()
    {
        var evaluator = Evaluator(TerraformException());
        var matches = new List<RuleMatch>();

        var verdict = Evaluate(evaluator, ByAlice, Now, matches);

        Assert.Equal("e-alice", Assert.Single(matches).Alert.EventId);
        Assert.Null(verdict.Suppressions);
    }

    [Fact]
    public void Evaluate_ExceptionExpiringWhileRunning_StopsApplyingAtMidnightAfterItsDateAndIsReportedOnce()
    {
        var evaluator = Evaluator(TerraformException(expires: new DateOnly(2026, 3, 31)));
        var lastMoment = new DateTimeOffset(2026, 3, 31, 23, 59, 59, TimeSpan.Zero);
        var expiry = new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

        var before = Evaluate(evaluator, ByTerraform, lastMoment, []);
        var matches = new List<RuleMatch>();
        var after = Evaluate(evaluator, ByTerraform, expiry, matches);
        var later = Evaluate(evaluator, ByTerraform, expiry.AddHours(1), matches);

        Assert.Single(before.Suppressions!);
        Assert.Null(after.Suppressions);
        Assert.Equal("terraform-role", Assert.Single(after.ExpiredExceptions!).Exception.Name);
        Assert.Null(later.ExpiredExceptions);
        Assert.Equal(2, matches.Count);
    }

    [Fact]
    public void Evaluate_ExceptionThatCannotDecide_RaisesTheAlertAndReportsARuleError()
    {
        var timesOut = new ThrowingCondition();
        var evaluator = Evaluator(new ExceptionClause { Name = "slow", Reason = "r", Owner = "o", Condition = timesOut });
        var matches = new List<RuleMatch>();

        var verdict = Evaluate(evaluator, ByTerraform, Now, matches);

        Assert.Single(matches);
        var error = Assert.Single(verdict.RuleErrors!);
        Assert.Equal("Trail.Deleted", error.RuleId);
        Assert.Contains("exception 'slow'", error.Message, StringComparison.Ordinal);
    }

    private static RecordEvaluator Evaluator(ExceptionClause exception)
    {
        var rule = TestRules.FromCondition("field: eventName\nequals: DeleteTrail", id: "Trail.Deleted");
        return new RecordEvaluator([new Rule(rule) { Exceptions = [exception] }]);
    }

    private static ExceptionClause TerraformException(DateOnly? expires = null) => new()
    {
        Name = "terraform-role",
        Reason = "Terraform applies trails nightly",
        Owner = "platform@example.com",
        Expires = expires,
        Condition = TestRules.FromCondition("field: userIdentity.arn\nstarts_with: arn:aws:iam::111111111111:role/terraform-").Condition,
    };

    private static RecordVerdict Evaluate(RecordEvaluator evaluator, string json, DateTimeOffset now, List<RuleMatch> matches) =>
        evaluator.Evaluate(Encoding.UTF8.GetBytes(json), evaluator.Index.Rules.ToArray(), "f.json", 0, now, matches);

    private sealed class ThrowingCondition : Condition
    {
        public override bool Matches(EventRecord record) => throw new RuleEvaluationException("exception", "regex ran past its timeout");
    }
}
