using System.Text.Json;
using TrailWatcher.Cli;
using TrailWatcher.Rules;
using Xunit;

namespace TrailWatcher.Tests.Cli;

/// <summary><c>rules list</c> shows correlations as correlations, tuned, and leaves an EQL sequence's hidden step rules out.</summary>
public sealed class RulesListCorrelationTests : IDisposable
{
    private const string SequenceId = "Test.Sequence.StoppedThenIam";
    private readonly string _dir = Directory.CreateTempSubdirectory("tw-list-correlations-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Table_ListsCorrelationsWithKindSeverityAttackTuningAndTheirRules_NotTheHiddenSteps()
    {
        using var output = new StringWriter();

        RulesCommands.List(Load(), json: false, output);

        var lines = output.ToString().TrimEnd('\n').Split('\n');
        Assert.DoesNotContain(lines, l => l.Contains("#step", StringComparison.Ordinal) && !l.StartsWith("    rules: ", StringComparison.Ordinal));
        var sequence = Array.FindIndex(lines, l => l.StartsWith(SequenceId + " ", StringComparison.Ordinal));
        Assert.Matches(@"^Test\.Sequence\.StoppedThenIam +low +correlation +eql +yes +- +iam +TA0005 +T1562\.008 +severity,exceptions:1 +CloudTrail stopped, then IAM changed$", lines[sequence]);
        Assert.Equal($"    rules: {SequenceId}#step1, {SequenceId}#step2, until {SequenceId}#until", lines[sequence + 1]);
        var builtIn = Assert.Single(lines, l => l.StartsWith("TrailWatcher.Correlation.S3.BucketProtectionsDisabled ", StringComparison.Ordinal));
        Assert.Matches(@" +high +correlation +sigma +yes +- +s3 +TA0005,TA0040 +\S+ +- +", builtIn);
        Assert.Matches(@"^\d+ rules \(\d+ enabled\), 6 correlations \(6 enabled, 1 tuned\)$", lines[^1]);
    }

    [Fact]
    public void Json_HasOneObjectPerCorrelation_WithItsRulesTypeAndTuning()
    {
        using var output = new StringWriter();

        RulesCommands.List(Load(), json: true, output);

        using var document = JsonDocument.Parse(output.ToString());
        var items = document.RootElement.EnumerateArray().ToList();
        Assert.DoesNotContain(items, i => i.GetProperty("id").GetString()!.Contains('#', StringComparison.Ordinal));
        var sequence = Assert.Single(items, i => i.GetProperty("id").GetString() == SequenceId);
        Assert.Equal(("correlation", "low", "eql", false), (sequence.GetProperty("kind").GetString(), sequence.GetProperty("severity").GetString(), sequence.GetProperty("format").GetString(), sequence.GetProperty("signal").GetBoolean()));
        Assert.Equal("temporal_ordered", sequence.GetProperty("correlation_type").GetString());
        Assert.Equal([$"{SequenceId}#step1", $"{SequenceId}#step2"], sequence.GetProperty("rules").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal($"{SequenceId}#until", sequence.GetProperty("until").GetString());
        Assert.Equal(["TA0005"], sequence.GetProperty("mitre_tactics").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(3600, sequence.GetProperty("timespan_seconds").GetDouble());
        Assert.True(sequence.GetProperty("tuned").GetBoolean());
        Assert.Equal(["severity", "exception"], sequence.GetProperty("tuning").EnumerateArray().Select(t => t.GetProperty("setting").GetString()));
        Assert.Equal("deploy-role", Assert.Single(sequence.GetProperty("exceptions").EnumerateArray()).GetProperty("name").GetString());
        var builtIn = Assert.Single(items, i => i.GetProperty("id").GetString() == "TrailWatcher.Correlation.S3.BucketProtectionsDisabled");
        Assert.Contains("AWS.S3.SuspendVersioning", builtIn.GetProperty("rules").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(JsonValueKind.Null, builtIn.GetProperty("until").ValueKind);
    }

    [Fact]
    public void Coverage_LeavesTheHiddenStepRulesOut()
    {
        using var output = new StringWriter();

        RulesCommands.Coverage(Load().Rules, output);

        Assert.DoesNotContain("#step", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("(no tactic)", output.ToString(), StringComparison.Ordinal);
    }

    private LoadedRules Load()
    {
        var rules = Path.Combine(_dir, "rules");
        Directory.CreateDirectory(rules);
        File.WriteAllText(Path.Combine(rules, "stopped_then_iam.yml"), $"""
            id: {SequenceId}
            title: CloudTrail stopped, then IAM changed
            description: A principal stopped a trail, then changed IAM before starting it again.
            severity: high
            mitre:
              tactics: [TA0005]
              techniques: [T1562.008]
            language: eql
            query: |
              sequence by aws.cloudtrail.user_identity.arn with maxspan=1h
                [any where event.action == "StopLogging"]
                [any where event.provider == "iam.amazonaws.com"]
              until [any where event.action == "StartLogging"]
            """);
        var tuning = Path.Combine(_dir, "tuning.yml");
        File.WriteAllText(tuning, """
            tuning:
              - rules: Test.Sequence.*
                severity: low
                exceptions:
                  - name: deploy-role
                    reason: The deploy role restarts trails while it rebuilds them
                    owner: platform-team@example.com
                    condition:
                      field: userIdentity.arn
                      ends_with: ":role/deploy"
            """);
        return RuleCatalog.Load(new RuleSources([rules], [tuning]), TimeProvider.System);
    }
}
