using TrailWatcher.Detection.Correlation;
using TrailWatcher.Detection.Correlation.Loading;

namespace TrailWatcher.Detection.Tests.Correlation;

/// <summary>Resolving references against the loaded rules: unknown rules, aliases that miss a rule, chains and cycles.</summary>
public sealed class CorrelationResolutionTests
{
    private static CorrelationResolution Resolve(string correlations)
    {
        var content = SigmaFileParser.Parse("mr_test.yml", CorrelationHarness.BaseRules + "\n---\n" + correlations);
        Assert.Empty(content.Errors);
        return CorrelationResolver.Resolve(content.Correlations, CorrelationSet.IndexRules(content.Rules));
    }

    private static List<string> Errors(string correlations) => [.. Resolve(correlations).Errors.Select(e => e.ToString())];

    [Fact]
    public void ReferencesByIdAndByName_Resolve()
    {
        var resolution = Resolve("""
            title: T
            correlation:
                type: temporal
                rules:
                    - 11111111-0000-4000-8000-000000000001
                    - successful_login
                timespan: 5m
            """);

        Assert.Empty(resolution.Errors);
        Assert.True(resolution.Set!.IsReferenced("11111111-0000-4000-8000-000000000002"));
    }

    [Fact]
    public void UnknownReference_IsAnErrorAtTheReference()
    {
        Assert.Equal(["mr_test.yml:44:11: unknown rule 'no_such_rule': no loaded rule or correlation has this id or name (a name two rules share counts as none)"], Errors("""
            title: T
            correlation:
                type: temporal
                rules:
                    - failed_login
                    - no_such_rule
                timespan: 5m
            """));
    }

    [Fact]
    public void AliasMissingARule_IsAnErrorAtTheAlias()
    {
        Assert.Equal(["mr_test.yml:46:9: alias 'user' gives no field for 'access_key_created': an alias must name the field of every referenced rule"], Errors("""
            title: T
            correlation:
                type: temporal
                rules: [failed_login, access_key_created]
                group-by: [user]
                timespan: 5m
                aliases:
                    user:
                        failed_login: userIdentity.userName
            """));
    }

    [Fact]
    public void AliasNamingAnUnlistedRule_IsAnError()
    {
        Assert.Contains("mr_test.yml:49:13: alias 'user' names rule 'successful_login', which is not one of the correlation's 'rules'", Errors("""
            title: T
            correlation:
                type: temporal
                rules: [failed_login, access_key_created]
                group-by: [user]
                timespan: 5m
                aliases:
                    user:
                        failed_login: userIdentity.userName
                        access_key_created: requestParameters.userName
                        successful_login: userIdentity.userName
            """));
    }

    [Fact]
    public void CorrelationsReferringToEachOther_AreACycle()
    {
        Assert.Contains(Errors("""
            title: A
            name: corr_a
            correlation:
                type: temporal
                rules: [corr_b, failed_login]
                timespan: 5m
            ---
            title: B
            name: corr_b
            correlation:
                type: temporal
                rules: [corr_a, failed_login]
                timespan: 5m
            """), e => e.Contains("is part of a cycle", StringComparison.Ordinal));
    }

    [Fact]
    public void ChainedGroupByMissingFromTheInnerCorrelation_IsAnError()
    {
        Assert.Contains(Errors("""
            title: Outer
            correlation:
                type: temporal_ordered
                rules: [inner, successful_login]
                group-by: [sourceIPAddress]
                timespan: 5m
            ---
            title: Inner
            name: inner
            correlation:
                type: event_count
                rules: [failed_login]
                group-by: [userIdentity.arn]
                timespan: 5m
                condition:
                    gte: 3
            """), e => e.Contains("field 'sourceIPAddress' is not a group-by of the referenced correlation 'inner'", StringComparison.Ordinal));
    }

    [Fact]
    public void DuplicateCorrelationIds_AreAnError()
    {
        Assert.Contains(Errors("""
            title: A
            id: same
            correlation:
                type: temporal
                rules: [failed_login, successful_login]
                timespan: 5m
            ---
            title: B
            id: same
            correlation:
                type: temporal
                rules: [failed_login, successful_login]
                timespan: 5m
            """), e => e.Contains("correlation id or name 'same' is also used", StringComparison.Ordinal));
    }

    [Fact]
    public void SameRuleByIdAndByName_IsAnError()
    {
        Assert.Equal(["mr_test.yml:44:11: rule 'failed_login' is already listed under another id or name"], Errors("""
            title: T
            correlation:
                type: temporal
                rules:
                    - 11111111-0000-4000-8000-000000000001
                    - failed_login
                timespan: 5m
            """));
    }

    [Fact]
    public void NameSharedByTwoRules_ResolvesToNeither()
    {
        var content = SigmaFileParser.Parse("mr_test.yml", CorrelationHarness.BaseRules + """

            ---
            title: Another rule with a taken name
            id: 11111111-0000-4000-8000-000000000009
            name: failed_login
            logsource:
                product: aws
                service: cloudtrail
            detection:
                selection:
                    eventName: GetSessionToken
                condition: selection
            """);
        var index = CorrelationSet.IndexRules(content.Rules);

        Assert.False(index.ContainsKey("failed_login"));
        Assert.True(index.ContainsKey("11111111-0000-4000-8000-000000000009"));
    }

    [Theory]
    [InlineData(CorrelationType.EventCount, "access_key_created", "only a temporal_ordered correlation can have one")]
    [InlineData(CorrelationType.TemporalOrdered, "failed_login", "is also one of the correlation's 'rules'")]
    [InlineData(CorrelationType.TemporalOrdered, "Other", "is the correlation 'Other': it must be a single-event rule")]
    public void UntilRule_MustBeAnotherSingleEventRuleOfATemporalOrderedCorrelation(CorrelationType type, string until, string reason)
    {
        var content = SigmaFileParser.Parse("mr_test.yml", CorrelationHarness.BaseRules);
        CorrelationRule Correlation(string id, CorrelationReference? end) => new()
        {
            Id = id,
            Title = id,
            Type = type,
            Rules = [new("failed_login", 3, 5), new("successful_login", 4, 5)],
            Until = end,
            Condition = type == CorrelationType.EventCount ? new CorrelationCondition { GreaterOrEqual = 2 } : null,
            Timespan = TimeSpan.FromMinutes(5),
            SourceFile = "seq.yml",
        };

        var resolution = CorrelationResolver.Resolve([Correlation("Seq", new(until, 7, 9)), Correlation("Other", null)], CorrelationSet.IndexRules(content.Rules));

        var error = Assert.Single(resolution.Errors);
        Assert.Equal(("seq.yml", 7, 9), (error.File, error.Line, error.Column));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
