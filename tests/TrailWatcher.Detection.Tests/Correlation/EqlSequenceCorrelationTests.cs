using TrailWatcher.Detection.Correlation;
using TrailWatcher.Detection.Correlation.Loading;
using TrailWatcher.Detection.Rules.Files;
using TrailWatcher.Detection.Rules.Loading;
using TrailWatcher.Detection.Tests.TestSupport;

namespace TrailWatcher.Detection.Tests.Correlation;

public sealed class EqlSequenceCorrelationTests
{
    private const string Head = """
        id: Seq.StopLoggingThenIam
        title: CloudTrail stopped, then IAM changed by the same principal
        description: A principal stopped a trail and then changed IAM.
        severity: high
        mitre:
          tactics: [TA0005]
          techniques: [T1562.008]
        references: [https://example.com/stop-logging]
        runbook: Restart the trail; review the IAM change.
        language: eql

        """;

    private const string StopThenIam = Head + """
        query: |
          sequence by aws.cloudtrail.user_identity.arn with maxspan=1h
            [any where event.action == "StopLogging"]
            [any where event.provider == "iam.amazonaws.com"]
        """;

    private static (IReadOnlyList<Rule> Steps, CorrelationRule Correlation) Load(string yaml) => EqlSequenceHarness.Load(yaml);

    private static RuleLoadError LoadError(string yaml)
    {
        var errors = new List<RuleLoadError>();
        var (steps, correlation) = EqlSequenceFiles.Parse("rules/seq.yml", yaml, errors);
        Assert.Empty(steps);
        Assert.Null(correlation);
        return Assert.Single(errors);
    }

    [Fact]
    public void Compile_StepsBecomeHiddenRules_AndTheSequenceATemporalOrderedCorrelation()
    {
        var (steps, correlation) = Load(StopThenIam);

        Assert.Equal(["Seq.StopLoggingThenIam#step1", "Seq.StopLoggingThenIam#step2"], steps.Select(s => s.Id));
        Assert.All(steps, s => Assert.True(s.Enabled));
        Assert.All(steps, s => Assert.Equal(RuleFormats.Eql, s.Format));
        Assert.Equal(["StopLogging"], steps[0].EventNames!);
        Assert.Equal(CorrelationType.TemporalOrdered, correlation.Type);
        Assert.Equal(steps.Select(s => s.Id), correlation.Rules.Select(r => r.Text));
        Assert.False(correlation.Generate);
        Assert.Equal(TimeSpan.FromHours(1), correlation.Timespan);
        Assert.Equal(["userIdentity.arn"], correlation.GroupBy);
        var alias = Assert.Single(correlation.Aliases);
        Assert.Equal([("Seq.StopLoggingThenIam#step1", "userIdentity.arn"), ("Seq.StopLoggingThenIam#step2", "userIdentity.arn")], alias.Fields.Select(f => (f.Rule.Text, f.Field)));
        Assert.Equal(("Seq.StopLoggingThenIam", Severity.High), (correlation.Id, correlation.Severity));
        Assert.Equal(["T1562.008"], correlation.Mitre.Techniques);
        Assert.Equal(["https://example.com/stop-logging"], correlation.References);
        Assert.Equal("Restart the trail; review the IAM change.", correlation.Runbook);
    }

    [Fact]
    public void Compile_PerStepKeys_LineUpByPosition_AsAliasesOfTheFirstStepsName()
    {
        var (steps, correlation) = Load(Head + """
            query: |
              sequence by aws.cloudtrail.recipient_account_id with maxspan=30m
                [iam where event.action == "CreateUser"] by user.target.name
                [any where event.action == "StopLogging"] by aws.cloudtrail.user_identity.arn
            """);

        Assert.Equal(2, steps.Count);
        Assert.Equal(["recipientAccountId", "user.target.name"], correlation.GroupBy);
        Assert.Equal(["recipientAccountId", "recipientAccountId"], correlation.Aliases[0].Fields.Select(f => f.Field));
        Assert.Equal(["requestParameters.userName", "userIdentity.arn"], correlation.Aliases[1].Fields.Select(f => f.Field));
        Assert.Equal(TimeSpan.FromMinutes(30), correlation.Timespan);
    }

    [Fact]
    public void Compile_WithoutMaxspan_TakesTheDocumentedDefault()
    {
        var (_, correlation) = Load(Head + "query: sequence [any where true] [any where true]\n");

        Assert.Equal(EqlSequenceFiles.DefaultMaxspan, correlation.Timespan);
        Assert.Equal(TimeSpan.FromDays(7), correlation.Timespan);
        Assert.Empty(correlation.GroupBy);
    }

    [Fact]
    public void Compile_DisabledFile_DisablesItsSteps()
    {
        var (steps, _) = Load(StopThenIam.Replace("language: eql", "enabled: false\nlanguage: eql", StringComparison.Ordinal));

        Assert.All(steps, s => Assert.False(s.Enabled));
    }

    [Fact]
    public void Load_JoinOnAComputedField_IsAnErrorNamingItAtItsPlaceInTheFile()
    {
        var error = LoadError(Head + "query: |\n  sequence by user.name\n    [any where true]\n    [any where true]\n");

        Assert.Equal(("rules/seq.yml", 12, 15), (error.File, error.Line, error.Column));
        Assert.Contains("'user.name' cannot be a join key", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dedup: {key: \"{eventName}\", period: 1h}")]
    [InlineData("threshold: 2")]
    [InlineData("risk_score: 50")]
    [InlineData("context:\n  bucket: requestParameters.bucketName")]
    public void Load_SingleEventAlertKeys_AreRefusedOnASequence(string extra)
    {
        var errors = new List<RuleLoadError>();
        EqlSequenceFiles.Parse("rules/seq.yml", StopThenIam.Replace("language: eql", extra + "\nlanguage: eql", StringComparison.Ordinal), errors);

        Assert.Contains(errors, e => e.Message.Contains("does not apply to an EQL sequence", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_RightUserInOrder_RaisesOnce_WithTheFilesMetadata()
    {
        var harness = EqlSequenceHarness.Of(StopThenIam);
        var matches = harness.Run([Stop(0, "alice"), Iam(600, "alice")]);

        var match = Assert.Single(matches);
        Assert.Equal(["arn:aws:iam::111122223333:user/alice"], match.GroupValues);
        Assert.Equal(2, match.EventCount);
        var alert = CorrelationAlertFactory.Create(match, "test", DateTimeOffset.UnixEpoch);
        Assert.Equal("Seq.StopLoggingThenIam", alert.RuleId);
        Assert.Equal(Severity.High, alert.Severity);
        Assert.Equal("arn:aws:iam::111122223333:user/alice", alert.Actor);
        Assert.Equal("Restart the trail; review the IAM change.", alert.Runbook);
        Assert.All(harness.Steps, s => Assert.True(harness.Set.IsInputOnly(s.Id)));
    }

    [Fact]
    public void Run_ReversedOrder_OtherUser_OrBeyondMaxspan_RaiseNothing()
    {
        var harness = EqlSequenceHarness.Of(StopThenIam);

        Assert.Empty(harness.Run([Iam(0, "alice"), Stop(600, "alice")]));
        Assert.Empty(harness.Run([Stop(0, "alice"), Iam(600, "bob")]));
        Assert.Empty(harness.Run([Stop(0, "alice"), Iam(3601, "alice")]));
        Assert.Single(harness.Run([Stop(0, "alice"), Iam(3600, "alice")]));
    }

    [Fact]
    public void Run_ShuffledArrival_GivesTheSameMatches()
    {
        var harness = EqlSequenceHarness.Of(StopThenIam);
        var events = new List<TestEvent>
        {
            Stop(0, "alice"), Iam(100, "bob"), Iam(200, "alice"), Stop(300, "bob"), Iam(5000, "bob"),
            Stop(8000, "carol"), Iam(9000, "carol"), Iam(12000, "alice"), Stop(12500, "alice"), Iam(12600, "alice"),
        };
        var expected = harness.Run(events).Select(m => m.AlertId).ToList();

        Assert.Equal(3, expected.Count);
        var random = new Random(7);
        for (var i = 0; i < 25; i++)
        {
            var shuffled = events.OrderBy(_ => random.Next()).ToList();
            Assert.Equal(expected, harness.Run(shuffled).Select(m => m.AlertId));
        }
    }

    [Fact]
    public void Run_OneEventMatchingTwoSteps_IsNotASequence_TwoEventsOfOneSecondAre()
    {
        var harness = EqlSequenceHarness.Of(Head + """
            query: |
              sequence by aws.cloudtrail.user_identity.arn with maxspan=1h
                [any where event.action == "StopLogging"]
                [any where event.provider == "cloudtrail.amazonaws.com"]
            """);

        Assert.Empty(harness.Run([Stop(0, "alice")]));
        Assert.Empty(harness.Run([Trail(0, "alice", "DeleteTrail"), Stop(10, "alice")]));

        // StopLogging matches both steps and sorts first; DeleteTrail only the second: the one way to order them is found.
        var stop = Stop(5, "alice");
        var delete = Trail(5, "alice", "DeleteTrail");
        var match = Assert.Single(harness.Run([delete, stop]));
        Assert.Equal([stop.EventId, delete.EventId], match.EventIds.Order(StringComparer.Ordinal));
        Assert.Single(harness.Run([Stop(5, "alice"), Stop(5, "alice")]));
    }

    [Fact]
    public void RulePackLoader_LoadsASequenceFile_AndRuleLoaderRefersToIt()
    {
        using var directory = ScratchDirectory.Create("trailwatcher-seq-");
        directory.Write("stop-then-iam.yml", StopThenIam);
        directory.Write("single.yml", Head.Replace("Seq.StopLoggingThenIam", "Eql.Single", StringComparison.Ordinal) + "query: any where event.action == \"StopLogging\"\n");

        var pack = RulePackLoader.LoadDirectories([directory.FullName], [], RuleTests.Load);

        Assert.Equal(["Eql.Single", "Seq.StopLoggingThenIam#step1", "Seq.StopLoggingThenIam#step2"], pack.Rules.Rules.Select(r => r.Id).Order(StringComparer.Ordinal));
        var correlation = Assert.Single(pack.Correlations.Correlations);
        Assert.Equal("Seq.StopLoggingThenIam", correlation.Id);
        Assert.True(pack.Correlations.IsInputOnly("Seq.StopLoggingThenIam#step1"));
        Assert.False(pack.Correlations.IsReferenced("Eql.Single"));

        var refused = Assert.Throws<RuleLoadException>(() => RuleLoader.LoadDirectories([directory.FullName]));
        Assert.Contains("loads with the rule pack", Assert.Single(refused.Errors).Message, StringComparison.Ordinal);
    }

    private static TestEvent Stop(int seconds, string user) => TestEvent.Make(seconds, "cloudtrail.amazonaws.com", "StopLogging", user, "198.51.100.7", "null");

    private static TestEvent Trail(int seconds, string user, string name) => TestEvent.Make(seconds, "cloudtrail.amazonaws.com", name, user, "198.51.100.7", "null");

    private static TestEvent Iam(int seconds, string user) => TestEvent.Make(seconds, "iam.amazonaws.com", "CreateUser", user, "198.51.100.7", "null");
}
