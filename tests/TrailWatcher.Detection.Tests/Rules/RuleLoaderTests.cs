using System.Text.Json;
using TrailWatcher.Detection.Tests.TestSupport;
using TrailWatcher.Detection.Evaluation;
using TrailWatcher.Detection.Rules.Files;

namespace TrailWatcher.Detection.Tests.Rules;

public sealed class RuleLoaderTests
{
    private const string Full = """
        id: Test.Full
        title: Full rule
        description: >
          Folded
          text.
        severity: High
        enabled: false
        tags: [AWS, Test]
        mitre:
          tactics: [TA0005]
          techniques: [T1562, T1562.008]
        references: [https://example.com/a]
        runbook: |
          1. Look.
        case_insensitive: true
        context:
          bucket: requestParameters.bucketName
          first_arn: resources[0].ARN
        dedup:
          key: "{recipientAccountId}:{requestParameters.bucketName}"
          period: 15m
        condition:
          field: eventName
          equals: putbucketlogging
        tests:
          - name: yaml event
            expected: true
            event:
              eventName: PutBucketLogging
              plain_int: 42
              big_int: 123456789012345678901234567890
              hex: 0x1F
              float: 1.50
              exp: 1e3
              yes_bool: true
              quoted_bool: "true"
              quoted_num: '42'
              nothing: ~
              empty:
              list: [a, 1, null]
              date: 2024-01-15T10:45:23Z
          - name: json string event
            expected: false
            event: '{"eventName":"Other"}'
        """;

    [Fact]
    public void Load_FullRule_ReadsEveryField()
    {
        var rule = RuleLoader.LoadTexts([("full.yml", Full)]).Rules.Single();

        Assert.Equal("Test.Full", rule.Id);
        Assert.Equal("Full rule", rule.Title);
        Assert.Equal("Folded text.", rule.Description);
        Assert.Equal(Severity.High, rule.Severity);
        Assert.Equal(73, rule.RiskScore);
        Assert.False(rule.Enabled);
        Assert.Equal(["AWS", "Test"], rule.Tags);
        Assert.Equal(["TA0005"], rule.Mitre.Tactics);
        Assert.Equal(["T1562", "T1562.008"], rule.Mitre.Techniques);
        Assert.Equal(["https://example.com/a"], rule.References);
        Assert.Equal("1. Look.", rule.Runbook);
        Assert.Equal(["bucket", "first_arn"], rule.Context.Select(c => c.Name));
        Assert.Equal("resources[0].ARN", rule.Context[1].Path.Text);
        Assert.Equal("{recipientAccountId}:{requestParameters.bucketName}", rule.Dedup!.KeyTemplate);
        Assert.Equal(TimeSpan.FromMinutes(15), rule.Dedup.Period);
        Assert.Equal("full.yml", rule.SourceFile);
        Assert.Equal(2, rule.Tests.Count);
        Assert.Equal(26, rule.Tests[0].Line);
    }

    [Fact]
    public void Load_YamlEvent_ConvertsScalarsByCoreSchemaKeepingOrder()
    {
        var rule = RuleLoader.LoadTexts([("full.yml", Full)]).Rules.Single();

        var json = rule.Tests[0].EventJson;

        Assert.Equal(
            """{"eventName":"PutBucketLogging","plain_int":42,"big_int":123456789012345678901234567890,"hex":31,"float":1.50,"exp":1e3,"yes_bool":true,"quoted_bool":"true","quoted_num":"42","nothing":null,"empty":null,"list":["a",1,null],"date":"2024-01-15T10:45:23Z"}""",
            json);
    }

    [Fact]
    public void Load_JsonStringEvent_IsKeptVerbatim()
    {
        var rule = RuleLoader.LoadTexts([("full.yml", Full)]).Rules.Single();

        Assert.Equal("""{"eventName":"Other"}""", rule.Tests[1].EventJson);
        Assert.False(rule.Tests[1].ExpectedMatch);
    }

    [Theory]
    [InlineData("info", 0)]
    [InlineData("low", 21)]
    [InlineData("medium", 47)]
    [InlineData("high", 73)]
    [InlineData("critical", 99)]
    public void Load_NoRiskScore_DefaultsBySeverity(string severity, int expected)
    {
        var yaml = TestRules.Yaml("field: a\nexists: true").Replace("severity: low", "severity: " + severity, StringComparison.Ordinal);

        var rule = RuleLoader.LoadTexts([("x.yml", yaml)]).Rules.Single();

        Assert.Equal(expected, rule.RiskScore);
        Assert.True(rule.Enabled);
        Assert.Null(rule.Dedup);
    }

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("15m", 900)]
    [InlineData("1h", 3600)]
    [InlineData("1d", 86400)]
    [InlineData("01:00:00", 3600)]
    public void Load_DedupPeriod_AcceptsShortAndTimeSpanForms(string period, int seconds)
    {
        var yaml = TestRules.Yaml("field: a\nexists: true", extra: $"dedup:\n  period: \"{period}\"");

        var rule = RuleLoader.LoadTexts([("x.yml", yaml)]).Rules.Single();

        Assert.Equal(TimeSpan.FromSeconds(seconds), rule.Dedup!.Period);
        Assert.Equal("Test.Rule", rule.Dedup.KeyTemplate);
    }

    [Fact]
    public void Load_ThresholdAndSignal_AreReadWithDefaultsOneAndFalse()
    {
        var plain = RuleLoader.LoadTexts([("a.yml", TestRules.Yaml("field: a\nexists: true"))]).Rules.Single();
        var counted = RuleLoader.LoadTexts([("b.yml", TestRules.Yaml("field: a\nexists: true", extra: "dedup:\n  period: 10m\nthreshold: 5\nsignal: true"))]).Rules.Single();

        Assert.Equal((1, false), (plain.Threshold, plain.Signal));
        Assert.Equal((5, true), (counted.Threshold, counted.Signal));
    }

    [Fact]
    public void DedupKey_ResolvesPlaceholdersAndLeavesMissingFieldsEmpty()
    {
        var rule = RuleLoader.LoadTexts([("k.yml", TestRules.Yaml("field: a\nexists: true", extra: "dedup:\n  key: \"{recipientAccountId}:{requestParameters.bucketName}:{missing.field}/{n}\"\n  period: 1h"))]).Rules.Single();
        using var record = System.Text.Json.JsonDocument.Parse("""{"recipientAccountId":"111","requestParameters":{"bucketName":"b"},"n":7}""");

        Assert.Equal("111:b:/7", rule.DedupKey(record.RootElement));
    }

    [Fact]
    public void DedupKey_EscapedLongAndNonTextValues_ReadAsTheRecordMeansThem()
    {
        var rule = RuleLoader.LoadTexts([("k.yml", TestRules.Yaml("field: a\nexists: true", extra: "dedup:\n  key: \"{a}|{b}|{c}|{d}|{e}|{f}\"\n  period: 1h"))]).Rules.Single();
        var longValue = new string('v', 300) + "\u00e9";
        using var record = System.Text.Json.JsonDocument.Parse($$"""{"a":"x\"y\u00e9","b":"é-ü","c":"{{longValue}}","d":{"k":[1, 2]},"e":null,"f":true}""");

        Assert.Equal($"x\"yé|é-ü|{new string('v', 300)}é|{{\"k\":[1, 2]}}||true", rule.DedupKey(record.RootElement));
    }

    [Fact]
    public void RuleSet_DisabledRule_IsLoadedButNotIndexed()
    {
        var set = RuleLoader.LoadTexts([("full.yml", Full), ("other.yml", TestRules.Yaml("field: eventName\nequals: X"))]);

        Assert.Equal(2, set.Rules.Count);
        Assert.Equal(["Test.Rule"], set.Enabled.Select(r => r.Id));
        Assert.Equal(["Test.Rule"], RecordEvaluator.ForEnabled(set).Index.Rules.Select(r => r.Id));
    }

    [Fact]
    public void LoadDirectories_Files_LoadInOrdinalPathOrder()
    {
        using var dir = ScratchDirectory.Create("trailwatcher-rules-");
        dir.Write(Path.Combine("b", "z.yml"), TestRules.Yaml("field: a\nexists: true", id: "R.Bz"));
        dir.Write("a.yaml", TestRules.Yaml("field: a\nexists: true", id: "R.A"));
        dir.Write("c.YML", TestRules.Yaml("field: a\nexists: true", id: "R.C"));

        var set = RuleLoader.LoadDirectories([dir.FullName, dir.FullName]);

        Assert.Equal(["R.A", "R.Bz", "R.C"], set.Rules.Select(r => r.Id));
    }

    [Fact]
    public void LoadDirectories_ExcludedDirectory_IsLeftOutOfAParentsWalkButLoadsWhenNamed()
    {
        var root = RepositoryRoot.Combine("rules");
        var elastic = RepositoryRoot.Combine("rules", "elastic");

        var walked = RuleLoader.LoadDirectories([root], [elastic, RepositoryRoot.Combine("rules", "sigma"), RepositoryRoot.Combine("rules", "correlations")], RuleTests.Skip);
        var named = RuleLoader.LoadDirectories([root, elastic], [elastic, RepositoryRoot.Combine("rules", "sigma"), RepositoryRoot.Combine("rules", "correlations")], RuleTests.Skip);

        Assert.DoesNotContain(walked.Rules, r => r.Format != RuleFormats.Native);
        Assert.Equal([RuleFormats.Eql], named.Rules.Where(r => r.Format != RuleFormats.Native).Select(r => r.Format));
    }

    [Fact]
    public void LoadFile_SeedRule_CompilesCondition()
    {
        var path = RepositoryRoot.Combine("rules", "aws", "s3", "s3_bucket_logging_disabled.yml");

        var rule = RuleLoader.LoadFile(path).Rules.Single();

        using var document = JsonDocument.Parse("""{"eventSource":"s3.amazonaws.com","eventName":"PutBucketLogging","requestParameters":{"BucketLoggingStatus":{}}}""");
        Assert.True(rule.Matches(document.RootElement));
    }
}
