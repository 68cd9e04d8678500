using TrailWatcher.Detection.Evaluation;
using TrailWatcher.Detection.Rules.Files;
using TrailWatcher.Detection.Testing;

namespace TrailWatcher.Detection.Tests.Rules.Eql;

/// <summary>The seed rule written in EQL (Elastic's query, verbatim) against the native seed rule it mirrors.</summary>
public sealed class EqlSeedRuleTests
{
    private const string NativeId = "AWS.S3.DisableBucketLogging";
    private const string EqlId = "Elastic.AWS.S3.BucketServerAccessLoggingDisabled";

    // The native seed tests on which the query decides otherwise, each documented by a test of the EQL rule.
    private static readonly string[] DocumentedDifferences =
    [
        "Request without a logging status (Panther sample)",
        "Null requestParameters",
        "Null BucketLoggingStatus",
        "Same call shape from another service is ignored",
    ];

    private static readonly Lazy<RuleSet> Rules = new(() => RuleLoader.LoadDirectories([RepositoryRoot.Combine("rules", "aws", "s3"), RepositoryRoot.Combine("rules", "elastic")]));

    private static Rule Native => Rules.Value.Rules.Single(r => r.Id == NativeId);

    private static Rule Eql => Rules.Value.Rules.Single(r => r.Id == EqlId);

    [Fact]
    public void EqlSeedRule_Loads_AsEqlWithItsOwnMetadataAndPassingTests()
    {
        var rule = Eql;

        Assert.Equal(RuleFormats.Eql, rule.Format);
        Assert.Equal(Severity.Medium, rule.Severity);
        Assert.Equal(["TA0005"], rule.Mitre.Tactics);
        Assert.Contains("T1562.008", rule.Mitre.Techniques);
        Assert.False(string.IsNullOrWhiteSpace(rule.Runbook));
        Assert.All(RuleTestRunner.Run([rule]), r => Assert.True(r.Passed, r.ToString()));
    }

    [Fact]
    public void EqlSeedRule_HoldsEveryNativeSeedTestEvent()
    {
        var eventsOfEql = Eql.Tests.Select(t => t.EventJson).ToHashSet(StringComparer.Ordinal);

        Assert.All(Native.Tests, t => Assert.Contains(t.EventJson, eventsOfEql));
        Assert.True(Eql.Tests.Count > Native.Tests.Count);
    }

    [Fact]
    public void EqlAndNativeSeedRules_OverTheNativeTestEvents_AgreeExceptOnTheDocumentedDifferences()
    {
        var comparer = new RuleComparer(Native, Eql);
        var differing = new List<string>();
        foreach (var test in Native.Tests)
        {
            var comparison = comparer.CompareEvent(test.EventJson);
            Assert.NotEqual(RuleVerdictKind.Error, comparison.First.Kind);
            Assert.NotEqual(RuleVerdictKind.Error, comparison.Second.Kind);
            if (!comparison.Agree)
            {
                differing.Add(test.Name);

                // The EQL rule's own test of the event says that, and why, it differs.
                var documented = Eql.Tests.Single(t => t.EventJson == test.EventJson);
                Assert.Contains("differs from the native rule", documented.Name, StringComparison.Ordinal);
                Assert.Equal(comparison.Second.Raises, documented.ExpectedMatch);
            }
        }

        Assert.Equal(DocumentedDifferences, differing);
    }

    [Fact]
    public void EqlSeedRule_EveryTestNamedAsADifference_IsOne()
    {
        var comparer = new RuleComparer(Native, Eql);
        foreach (var test in Eql.Tests)
        {
            var differs = test.Name.Contains("differs from the native rule", StringComparison.Ordinal);

            Assert.True(differs == !comparer.CompareEvent(test.EventJson).Agree, test.Name);
        }
    }

    [Fact]
    public void EqlSeedRule_Index_OffersItOnlyPutBucketLogging()
    {
        var index = new RecordEvaluator([Eql]).Index;

        Assert.Contains(Eql, index.Candidates("s3.amazonaws.com", "PutBucketLogging").ToArray());
        Assert.Empty(index.Candidates("s3.amazonaws.com", "GetBucketLogging").ToArray());
    }
}
