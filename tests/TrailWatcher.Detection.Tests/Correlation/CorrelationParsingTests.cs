using TrailWatcher.Detection.Correlation;
using TrailWatcher.Detection.Correlation.Loading;

namespace TrailWatcher.Detection.Tests.Correlation;

/// <summary>Reading correlation documents: every component of the specification, multi-document files, and errors with their positions.</summary>
public sealed class CorrelationParsingTests
{
    private static SigmaFileContent Parse(string yaml) => SigmaFileParser.Parse("mr_test.yml", yaml);

    private static string Error(string yaml) => Assert.Single(Parse(yaml).Errors).ToString();

    [Fact]
    public void MultiDocumentFile_GivesBaseRulesAndCorrelations()
    {
        var content = Parse(CorrelationHarness.BaseRules + """

            ---
            title: Many failed logins
            id: 0e95725d-7320-415d-80f7-004da920fc11
            name: many_failed
            status: experimental
            description: Detects many failed logins by one user
            author: Test
            references:
                - https://example.com/brute-force
            tags:
                - attack.credential_access
                - attack.t1110
            falsepositives:
                - A user who forgot their password
            level: high
            generate: true
            correlation:
                type: event_count
                rules:
                    - failed_login
                group-by:
                    - userIdentity.arn
                    - sourceIPAddress
                timespan: 1h
                condition:
                    gt: 100
                    lte: 200
            """);

        Assert.Empty(content.Errors);
        Assert.Equal(["failed_login", "successful_login", "access_key_created"], content.Rules.Select(r => r.Name));
        var correlation = Assert.Single(content.Correlations);
        Assert.Equal("0e95725d-7320-415d-80f7-004da920fc11", correlation.Id);
        Assert.Equal("many_failed", correlation.Name);
        Assert.Equal("Many failed logins", correlation.Title);
        Assert.Equal("experimental", correlation.Status);
        Assert.Equal("Test", correlation.Author);
        Assert.Equal(Severity.High, correlation.Severity);
        Assert.Equal(["attack.credential_access", "attack.t1110"], correlation.Tags);
        Assert.Equal(["A user who forgot their password"], correlation.FalsePositives);
        Assert.Equal(["https://example.com/brute-force"], correlation.References);
        Assert.True(correlation.Generate);
        Assert.Equal(CorrelationType.EventCount, correlation.Type);
        Assert.Equal(["failed_login"], correlation.Rules.Select(r => r.Text));
        Assert.Equal(["userIdentity.arn", "sourceIPAddress"], correlation.GroupBy);
        Assert.Equal(TimeSpan.FromHours(1), correlation.Timespan);
        Assert.Equal("gt 100 and lte 200", correlation.Condition!.ToString());
        Assert.Equal(39, correlation.Line);
        Assert.Equal("mr_test.yml", correlation.SourceFile);
    }

    [Fact]
    public void Defaults_GenerateFalse_LevelMedium_IdFromName()
    {
        var correlation = Assert.Single(Parse("""
            title: Login and key
            name: login_and_key
            correlation:
                type: temporal
                rules: [a, b]
                group-by: [userIdentity.arn]
                timespan: 5m
            """).Correlations);

        Assert.False(correlation.Generate);
        Assert.Equal(Severity.Medium, correlation.Severity);
        Assert.Equal("login_and_key", correlation.Id);
        Assert.Null(correlation.Condition);
    }

    [Fact]
    public void InformationalLevel_IsASignal()
    {
        var correlation = Assert.Single(Parse("""
            title: Quiet
            level: informational
            correlation:
                type: temporal
                rules: [a, b]
                timespan: 5m
            """).Correlations);

        Assert.Equal(Severity.Info, correlation.Severity);
        Assert.True(correlation.Signal);
    }

    [Fact]
    public void Aliases_AreRead()
    {
        var correlation = Assert.Single(Parse("""
            title: Aliased
            correlation:
                type: temporal
                rules: [internal_error, new_network_connection]
                group-by: [internal_ip, remote_ip]
                timespan: 10s
                aliases:
                    internal_ip:
                        internal_error: destination.ip
                        new_network_connection: source.ip
                    remote_ip:
                        internal_error: source.ip
                        new_network_connection: destination.ip
            """).Correlations);

        Assert.Equal(["internal_ip", "remote_ip"], correlation.Aliases.Select(a => a.Name));
        Assert.Equal(["internal_error=destination.ip", "new_network_connection=source.ip"], correlation.Aliases[0].Fields.Select(f => $"{f.Rule.Text}={f.Field}"));
    }

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("90m", 5400)]
    [InlineData("1h", 3600)]
    [InlineData("7d", 604800)]
    public void Timespan_NumberAndLowercaseUnit_IsRead(string text, int seconds)
    {
        var correlation = Assert.Single(Parse(Temporal($"timespan: {text}")).Correlations);

        Assert.Equal(TimeSpan.FromSeconds(seconds), correlation.Timespan);
    }

    [Theory]
    [InlineData("1H")]
    [InlineData("90")]
    [InlineData("1h30m")]
    [InlineData("01:00:00")]
    [InlineData("0m")]
    [InlineData("-5m")]
    [InlineData("1w")]
    public void Timespan_OtherForms_AreErrorsAtTheirPosition(string text)
    {
        Assert.Equal($"mr_test.yml:5:15: timespan '{text}' is not a positive number followed by s, m, h or d (such as 30s, 5m, 1h, 7d)", Error(Temporal($"timespan: {text}")));
    }

    private static string Temporal(string timespanLine, string type = "temporal", string extra = "") => $"""
        title: T
        correlation:
            type: {type}
            rules: [a, b]
            {timespanLine}
        {extra}
        """;

    [Fact]
    public void UnknownType_IsAnErrorAtTheType()
    {
        Assert.Equal("mr_test.yml:3:11: unknown correlation type 'count' (expected one of event_count, value_count, temporal, temporal_ordered)",
            Error(Temporal("timespan: 5m", type: "count")));
    }

    [Fact]
    public void KeyRepeatedWithATag_IsADuplicateKeyError()
    {
        // Found by fuzzing (scripts/fuzz.sh sigma): YamlDotNet keeps "! title" and "title" apart (their tags differ), and
        // reading the document's keys by name threw ArgumentException ("An item with the same key has already been added").
        Assert.Contains("mr_test.yml:2:1: duplicate key 'title'", Parse("""
            title: T
            ! title: U
            correlation:
                type: temporal
                rules: [a, b]
                timespan: 5m
            """).Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void MissingRules_IsAnError()
    {
        Assert.Equal("mr_test.yml:3:5: missing required key 'rules'", Error("""
            title: T
            correlation:
                type: temporal
                timespan: 5m
            """));
    }

    [Fact]
    public void EmptyRules_IsAnError()
    {
        Assert.Equal("mr_test.yml:4:12: 'rules' must name at least one rule", Error("""
            title: T
            correlation:
                type: temporal
                rules: []
                timespan: 5m
            """));
    }

    [Theory]
    [InlineData("event_count")]
    [InlineData("value_count")]
    public void MissingCondition_IsAnError_ForCountTypes(string type)
    {
        Assert.Contains($"mr_test.yml:3:5: missing required key 'condition' ({type} needs a count to compare with)",
            Parse(Temporal("timespan: 5m", type: type)).Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void ValueCountWithoutField_IsAnError()
    {
        Assert.Equal("mr_test.yml:7:9: missing required key 'field' in 'condition' (value_count counts the distinct values of a field)", Error("""
            title: T
            correlation:
                type: value_count
                rules: [a]
                timespan: 5m
                condition:
                    gte: 3
            """));
    }

    [Fact]
    public void FieldOnEventCount_IsAnError()
    {
        Assert.Equal("mr_test.yml:8:16: 'field' belongs to value_count conditions, not event_count", Error("""
            title: T
            correlation:
                type: event_count
                rules: [a]
                timespan: 5m
                condition:
                    gte: 3
                    field: userIdentity.arn
            """));
    }

    [Fact]
    public void ConditionWithoutBound_IsAnError()
    {
        Assert.Equal("mr_test.yml:7:9: 'condition' needs at least one of gt, gte, lt, lte, eq", Error("""
            title: T
            correlation:
                type: value_count
                rules: [a]
                timespan: 5m
                condition:
                    field: userIdentity.arn
            """));
    }

    [Theory]
    [InlineData("gte: many", "mr_test.yml:7:14: condition 'gte' expects a whole number of at least 0")]
    [InlineData("gte: -1", "mr_test.yml:7:14: condition 'gte' expects a whole number of at least 0")]
    [InlineData("more: 3", "mr_test.yml:7:9: unknown condition key 'more' (expected one of gt, gte, lt, lte, eq, field)")]
    public void BadConditionValues_AreErrorsAtTheirPosition(string line, string expected)
    {
        Assert.Contains(expected, Parse($"""
            title: T
            correlation:
                type: event_count
                rules: [a]
                timespan: 5m
                condition:
                    {line}
            """).Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void TemporalOrderedWithCondition_IsAnError()
    {
        Assert.Equal("mr_test.yml:7:9: temporal_ordered takes no 'condition': every referenced rule must match, in order",
            Error(Temporal("timespan: 5m", type: "temporal_ordered", extra: "    condition:\n        gte: 2")));
    }

    [Fact]
    public void UnknownCorrelationKey_IsAnError()
    {
        Assert.Equal("mr_test.yml:6:5: unknown correlation key 'groupby' (expected one of type, rules, aliases, group-by, timespan, condition)",
            Error(Temporal("timespan: 5m", extra: "    groupby: [userIdentity.arn]")));
    }

    [Fact]
    public void ErrorsInOneDocument_LeaveTheOthersLoaded()
    {
        var content = Parse(CorrelationHarness.BaseRules + "\n---\n" + Temporal("timespan: soon"));

        Assert.Equal(3, content.Rules.Count);
        Assert.Empty(content.Correlations);
        Assert.Single(content.Errors);
    }
}
