using System.Text;
using TrailWatcher.Detection.Accounts;
using TrailWatcher.Detection.Evaluation;
using TrailWatcher.Detection.Reading;
using TrailWatcher.Detection.Rules.Files;
using TrailWatcher.Detection.Tests.TestSupport;

namespace TrailWatcher.Detection.Tests.Accounts;

public sealed class AccountFieldRuleTests
{
    private static readonly AccountDirectory Directory = new(
    [
        new AccountInfo("111111111111", "payments-prod", "prod", "team-payments"),
        new AccountInfo("222222222222", "payments-staging", "staging", "team-payments"),
    ]);

    private const string ProdOnly = """
        all:
          - field: eventName
            equals: StopLogging
          - field: account.environment
            equals: prod
        """;

    [Theory]
    [InlineData("111111111111", true)]
    [InlineData("222222222222", false)]
    [InlineData("333333333333", false)]
    public void Evaluate_RuleOnAccountEnvironment_MatchesOnlyRecordsOfThatEnvironment(string account, bool expected)
    {
        var evaluator = new RecordEvaluator(RuleLoader.LoadTexts([("prod.yml", TestRules.Yaml(ProdOnly))]).Rules) { Accounts = Directory };

        Assert.Equal(expected, Evaluate(evaluator, account).Count == 1);
    }

    [Fact]
    public void Evaluate_RuleOnAccountEnvironmentWithoutDirectory_SeesNoValue()
    {
        var evaluator = new RecordEvaluator(RuleLoader.LoadTexts([("prod.yml", TestRules.Yaml(ProdOnly))]).Rules);
        var absent = new RecordEvaluator(RuleLoader.LoadTexts([("absent.yml", TestRules.Yaml("all:\n  - field: eventName\n    equals: StopLogging\n  - field: account.environment\n    exists: false"))]).Rules);

        Assert.Empty(Evaluate(evaluator, "111111111111"));
        Assert.Single(Evaluate(absent, "111111111111"));
    }

    [Fact]
    public void Evaluate_RuleOnAccountNameAndOwner_ReadsTheDirectory()
    {
        var yaml = TestRules.Yaml("all:\n  - field: account.name\n    starts_with: payments-\n  - field: account.owner\n    equals: team-payments");
        var evaluator = new RecordEvaluator(RuleLoader.LoadTexts([("owner.yml", yaml)]).Rules) { Accounts = Directory };

        Assert.Single(Evaluate(evaluator, "222222222222"));
        Assert.Empty(Evaluate(evaluator, "333333333333"));
    }

    [Fact]
    public void Index_RuleOnAccountFieldOnly_StillReachesTheRecord()
    {
        // The derived field names nothing in the record's bytes, so the index must not guard on it.
        var evaluator = new RecordEvaluator(RuleLoader.LoadTexts([("env.yml", TestRules.Yaml("field: account.environment\nequals: prod"))]).Rules) { Accounts = Directory };
        var candidates = evaluator.Index.Candidates("cloudtrail.amazonaws.com", "StopLogging");
        var record = Encoding.UTF8.GetBytes(Record("111111111111"));

        Assert.Equal(1, candidates.Length);
        Assert.NotNull(evaluator.Index.Admit(candidates, record, RecordTraits.None));
    }

    private static List<RuleMatch> Evaluate(RecordEvaluator evaluator, string account)
    {
        var matches = new List<RuleMatch>();
        var verdict = evaluator.Evaluate(Encoding.UTF8.GetBytes(Record(account)), evaluator.Index.Candidates("cloudtrail.amazonaws.com", "StopLogging"), "f.json", 0, DateTimeOffset.UnixEpoch, matches);
        Assert.Null(verdict.RuleErrors);
        return matches;
    }

    private static string Record(string account) =>
        $$"""{"eventID":"e-1","eventName":"StopLogging","eventSource":"cloudtrail.amazonaws.com","eventTime":"2024-01-15T10:45:23Z","recipientAccountId":"{{account}}"}""";
}
