using TrailWatcher.Detection.Correlation.Loading;
using System.Text.Json;
using TrailWatcher.Detection.Testing;
using TrailWatcher.Detection.Evaluation;
using TrailWatcher.Detection.Rules.Files;

namespace TrailWatcher.Detection.Tests.Rules;

public sealed class SeedRuleTests
{
    private static readonly Lazy<RuleSet> Pack = new(() => RulePackLoader.LoadDirectories([RepositoryRoot.Combine("rules")], [], RuleTests.Load).Rules);

    [Fact]
    public void RulePack_Loads_WithoutErrors()
    {
        Assert.Contains(Pack.Value.Rules, r => r.Id == "AWS.S3.DisableBucketLogging");
    }

    [Fact]
    public void RulePack_EmbeddedTests_AllPass()
    {
        var results = RuleTestRunner.Run(Pack.Value);

        Assert.NotEmpty(results);
        Assert.All(results, r => Assert.True(r.Passed, r.ToString()));
    }

    [Fact]
    public void DisableBucketLogging_Metadata_IsAsSpecified()
    {
        var rule = Pack.Value.Rules.Single(r => r.Id == "AWS.S3.DisableBucketLogging");

        Assert.Equal(Severity.Medium, rule.Severity);
        Assert.Equal(47, rule.RiskScore);
        Assert.True(rule.Enabled);
        Assert.Equal(["TA0005", "TA0040"], rule.Mitre.Tactics);
        Assert.Contains("T1562", rule.Mitre.Techniques);
        Assert.Contains("T1485", rule.Mitre.Techniques);
        Assert.Contains("https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html", rule.References);
        Assert.Equal(
            ["bucket", "actor_arn", "access_key_id", "source_ip", "user_agent", "region", "account_id"],
            rule.Context.Select(c => c.Name));
        // Every disabling call is reported on its own.
        Assert.Null(rule.Dedup);
        Assert.False(string.IsNullOrWhiteSpace(rule.Runbook));
        Assert.True(rule.Tests.Count >= 11);
        Assert.Equal([true, false, false, false], rule.Tests.Take(4).Select(t => t.ExpectedMatch));
    }

    [Fact]
    public void DisableBucketLogging_Context_ResolvesFromPantherSample()
    {
        var rule = Pack.Value.Rules.Single(r => r.Id == "AWS.S3.DisableBucketLogging");
        using var document = JsonDocument.Parse(rule.Tests[0].EventJson);

        var context = rule.Context.ToDictionary(
            c => c.Name,
            c => c.Path.TryGetFirst(document.RootElement, out var value) ? value.GetString() : null);

        Assert.Equal("critical-data-bucket", context["bucket"]);
        Assert.Equal("ASIA-MOCKACCESSKEYID-1", context["access_key_id"]);
        Assert.Equal("1.2.3.4", context["source_ip"]);
        Assert.Equal("111111111111", context["account_id"]);
    }

    [Fact]
    public void DisableBucketLogging_Index_OffersOnlyForPutBucketLogging()
    {
        var index = RecordEvaluator.ForEnabled(Pack.Value).Index;

        Assert.Contains(index.Candidates("s3.amazonaws.com", "PutBucketLogging").ToArray(), r => r.Id == "AWS.S3.DisableBucketLogging");
        Assert.DoesNotContain(index.Candidates("s3.amazonaws.com", "GetBucketLogging").ToArray(), r => r.Id == "AWS.S3.DisableBucketLogging");
    }
}
