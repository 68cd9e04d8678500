using TrailWatcher.Detection.Correlation.Loading;
using TrailWatcher.Detection.Rules.Files;
using TrailWatcher.Detection.Rules.Loading;
using TrailWatcher.Detection.Tests.TestSupport;

namespace TrailWatcher.Detection.Tests.Correlation;

public sealed class EqlSequenceUntilTests
{
    private const string Head = """
        id: Seq.StoppedThenIamUntilRestarted
        title: CloudTrail stopped, then IAM changed, before logging restarted
        description: A principal stopped a trail and changed IAM before starting it again.
        severity: high
        language: eql

        """;

    private const string StopThenIamUntilStart = Head + """
        query: |
          sequence by aws.cloudtrail.user_identity.arn with maxspan=1h
            [any where event.action == "StopLogging"]
            [any where event.provider == "iam.amazonaws.com"]
          until [any where event.action == "StartLogging"]
        """;

    private const string KeyCreatedForNewUserUntilDeleted = Head + """
        query: |
          sequence with maxspan=1h
            [any where event.action == "CreateUser"] by user.target.name
            [any where event.action == "CreateAccessKey"] by user.target.name
          until [any where event.action == "DeleteUser"] by user.target.name
        """;

    [Fact]
    public void Run_UntilBetweenTheSteps_CancelsThePartialSequence_AndALaterSequenceStillFires()
    {
        var harness = EqlSequenceHarness.Of(StopThenIamUntilStart);

        Assert.Empty(harness.Run([Stop(0, "alice"), Start(100, "alice"), Iam(600, "alice")]));

        var (cancelled, until, stop, iam) = (Stop(0, "alice"), Start(100, "alice"), Stop(700, "alice"), Iam(800, "alice"));
        var match = Assert.Single(harness.Run([cancelled, until, Iam(600, "alice"), stop, iam]));
        Assert.Equal(iam.Time, match.LastEventTime);
        Assert.Contains(stop.EventId, match.EventIds);
        Assert.DoesNotContain(cancelled.EventId, match.EventIds);
        Assert.DoesNotContain(until.EventId, match.EventIds);
    }

    [Fact]
    public void Run_SequenceCompletedBeforeTheUntil_StillFires()
    {
        var harness = EqlSequenceHarness.Of(StopThenIamUntilStart);

        var match = Assert.Single(harness.Run([Stop(0, "alice"), Iam(600, "alice"), Start(700, "alice")]));
        Assert.Equal(["arn:aws:iam::111122223333:user/alice"], match.GroupValues);
        Assert.Equal(2, match.EventCount);
    }

    [Fact]
    public void Run_UntilOfAnotherJoinValue_DoesNotCancel()
    {
        var harness = EqlSequenceHarness.Of(StopThenIamUntilStart);

        var match = Assert.Single(harness.Run([Stop(0, "alice"), Start(100, "bob"), Iam(600, "alice")]));
        Assert.Equal(["arn:aws:iam::111122223333:user/alice"], match.GroupValues);
    }

    [Fact]
    public void Run_UntilWithItsOwnByKey_CancelsOnlyTheSequenceOfThatValue()
    {
        var harness = EqlSequenceHarness.Of(KeyCreatedForNewUserUntilDeleted);

        Assert.Empty(harness.Run([User(0, "CreateUser", "mallory"), User(60, "DeleteUser", "mallory"), User(120, "CreateAccessKey", "mallory")]));
        var match = Assert.Single(harness.Run([User(0, "CreateUser", "mallory"), User(60, "DeleteUser", "trent"), User(120, "CreateAccessKey", "mallory")]));
        Assert.Equal(["mallory"], match.GroupValues);
    }

    [Fact]
    public void Run_UntilInTheSecondOfTheFirstOrLastStep_DoesNotCancel()
    {
        var harness = EqlSequenceHarness.Of(StopThenIamUntilStart);

        // One-second times do not say whether the sequence began after the until, or completed before it.
        Assert.Single(harness.Run([Stop(0, "alice"), Start(0, "alice"), Iam(600, "alice")]));
        Assert.Single(harness.Run([Stop(0, "alice"), Start(600, "alice"), Iam(600, "alice")]));
        Assert.Empty(harness.Run([Stop(0, "alice"), Start(1, "alice"), Iam(600, "alice")]));
    }

    [Fact]
    public void Run_ShuffledArrival_GivesTheSameMatches_DecidedAtOnceOrAsTheWatermarkMoves()
    {
        var harness = EqlSequenceHarness.Of(StopThenIamUntilStart);
        var events = new List<TestEvent>
        {
            Stop(0, "alice"), Start(100, "alice"), Iam(600, "alice"), Stop(1000, "alice"), Iam(1200, "alice"), Start(1300, "alice"),
            Stop(50, "bob"), Start(60, "carol"), Iam(400, "bob"),
            Stop(2000, "carol"), Start(2500, "carol"), Start(2600, "carol"), Iam(3000, "carol"), Stop(3100, "carol"), Iam(3200, "carol"),
            Iam(0, "dave"), Stop(10, "dave"), Start(20, "dave"), Iam(30, "dave"), Stop(5000, "dave"), Iam(5000, "dave"),
        };
        var expected = harness.Run(events);

        Assert.Equal(
            [("alice", 1200), ("bob", 400), ("carol", 3200), ("dave", 5000)],
            expected.Select(m => (m.GroupValues[0].Split('/')[1], (int)(m.LastEventTime - CorrelationHarness.T0).TotalSeconds)).Order());
        var ids = expected.Select(m => m.AlertId).ToList();
        var random = new Random(11);
        for (var i = 0; i < 25; i++)
        {
            Assert.Equal(ids, harness.Run(events.OrderBy(_ => random.Next())).Select(m => m.AlertId));

            // Each event up to 10 minutes out of place, under a 15-minute lateness: none is late, windows close mid-stream.
            var nearlyInOrder = events.OrderBy(e => e.Time.AddSeconds(random.Next(600)));
            Assert.Equal(ids, harness.Run(nearlyInOrder, TimeSpan.FromMinutes(15)).Select(m => m.AlertId));
        }
    }

    [Fact]
    public void RulePackLoader_LoadsTheUntilForm_AsAHiddenUntilRuleTheCorrelationEndsSequencesWith()
    {
        using var directory = ScratchDirectory.Create("trailwatcher-until-");
        directory.Write("stopped.yml", StopThenIamUntilStart);

        var pack = RulePackLoader.LoadDirectories([directory.FullName], [], RuleTests.Load);

        Assert.Equal(
            ["Seq.StoppedThenIamUntilRestarted#step1", "Seq.StoppedThenIamUntilRestarted#step2", "Seq.StoppedThenIamUntilRestarted#until"],
            pack.Rules.Rules.Select(r => r.Id).Order(StringComparer.Ordinal));
        var until = pack.Rules.Rules.Single(r => r.Id.EndsWith("#until", StringComparison.Ordinal));
        Assert.Equal("CloudTrail stopped, then IAM changed, before logging restarted (sequence until)", until.Title);
        Assert.Equal(["StartLogging"], until.EventNames!);
        var correlation = Assert.Single(pack.Correlations.Correlations);
        Assert.Equal(until.Id, correlation.Until?.Text);
        Assert.True(pack.Correlations.IsReferenced(until.Id));
        Assert.True(pack.Correlations.IsInputOnly(until.Id));
    }

    [Fact]
    public void Load_AnErrorInTheUntilStep_IsPlacedInTheFile()
    {
        var errors = new List<RuleLoadError>();
        var yaml = StopThenIamUntilStart.Replace("[any where event.action == \"StartLogging\"]", "[any where event.action == \"StartLogging\"] by cloud.region", StringComparison.Ordinal);

        var (steps, correlation) = EqlSequenceFiles.Parse("rules/seq.yml", yaml, errors);

        Assert.Empty(steps);
        Assert.Null(correlation);
        var error = Assert.Single(errors);
        Assert.Equal(("rules/seq.yml", 10, 55), (error.File, error.Line, error.Column));
        Assert.Contains("step 1 has 1, the until step has 2", error.Message, StringComparison.Ordinal);
    }

    private static TestEvent Stop(int seconds, string user) => TestEvent.Make(seconds, "cloudtrail.amazonaws.com", "StopLogging", user, "198.51.100.7", "null");

    private static TestEvent Start(int seconds, string user) => TestEvent.Make(seconds, "cloudtrail.amazonaws.com", "StartLogging", user, "198.51.100.7", "null");

    private static TestEvent Iam(int seconds, string user) => TestEvent.Make(seconds, "iam.amazonaws.com", "CreateUser", user, "198.51.100.7", "null");

    private static TestEvent User(int seconds, string name, string target) =>
        TestEvent.Make(seconds, "iam.amazonaws.com", name, "admin", "198.51.100.7", "null", $$"""{"userName":"{{target}}"}""");
}
