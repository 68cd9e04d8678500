using TrailWatcher.Detection.Rules.Files;
using TrailWatcher.Detection.Rules.Loading;
using TrailWatcher.Detection.Tests.TestSupport;

namespace TrailWatcher.Detection.Tests.Rules.Eql;

public sealed class EqlRuleFileTests
{
    private const string Head = """
        id: Test.Eql
        title: EQL rule
        description: A rule written in EQL.
        severity: low

        """;

    private const string Disabling = """{"eventSource": "s3.amazonaws.com", "eventName": "PutBucketLogging", "requestParameters": {"bucketName": "b", "BucketLoggingStatus": {}}}""";

    private static Rule Load(string body, RuleTests tests = RuleTests.Load) =>
        RuleLoader.LoadTexts([("rules/x.yml", Head + body)], tests).Rules.Single();

    private static RuleLoadError Error(string body) => Assert.Single(TestRules.LoadErrors(("rules/x.yml", Head + body)).Errors);

    [Fact]
    public void Load_LanguageEql_CompilesTheQueryOverTheEcsViewAndKeysTheIndexOnEventName()
    {
        var rule = Load("""
            language: eql
            query: |
              any where event.action == "PutBucketLogging" and event.outcome == "success"
                and not stringContains(aws.cloudtrail.request_parameters, "LoggingEnabled")
            """);

        Assert.Equal(RuleFormats.Eql, rule.Format);
        Assert.Equal(["PutBucketLogging"], rule.EventNames!);
        Assert.True(rule.Matches(Disabling));
        Assert.False(rule.Matches(Disabling.Replace("{}", """{"LoggingEnabled": {"TargetBucket": "logs"}}""", StringComparison.Ordinal)));
    }

    [Fact]
    public void Load_LanguageNativeWritten_IsTheNativeFormat()
    {
        var rule = Load("language: native\ncondition:\n  field: eventName\n  equals: PutBucketLogging\n");

        Assert.Equal(RuleFormats.Native, rule.Format);
        Assert.True(rule.Matches(Disabling));
    }

    [Fact]
    public void Load_EqlRule_KeepsNativeMetadataTestsAndRawPathContext()
    {
        var rule = Load($"""
            mitre:
              tactics: [TA0005]
            context:
              bucket: requestParameters.bucketName
            dedup:
              key: "{'{'}requestParameters.bucketName{'}'}"
              period: 1h
            language: eql
            query: any where event.action == "PutBucketLogging"
            tests:
              - name: hit
                expected: true
                event: {Disabling}
            """);

        Assert.Equal(["TA0005"], rule.Mitre.Tactics);
        Assert.Equal("requestParameters.bucketName", rule.Context.Single().Path.Text);
        Assert.Equal("{requestParameters.bucketName}", rule.Dedup!.KeyTemplate);
        Assert.Single(rule.Tests);
    }

    [Fact]
    public void Load_UnknownLanguage_NamesTheValueAndTheChoices()
    {
        var error = Error("language: kql\nquery: any where true\n");

        Assert.Equal((5, 11), (error.Line, error.Column));
        Assert.Equal("language 'kql' is not one of native, eql", error.Message);
    }

    [Fact]
    public void Load_QueryAndCondition_IsAnError()
    {
        var error = Error("language: eql\nquery: any where true\ncondition:\n  field: eventName\n  equals: X\n");

        Assert.Equal((6, 8), (error.Line, error.Column));
        Assert.Contains("not both", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EqlWithoutQuery_IsAnError()
    {
        var error = Error("language: eql\n");

        Assert.Equal((5, 11), (error.Line, error.Column));
        Assert.Contains("needs the EQL query in 'query:'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_QueryWithoutLanguage_AsksForLanguageEql()
    {
        var error = Error("query: any where true\n");

        Assert.Equal((5, 8), (error.Line, error.Column));
        Assert.Contains("add 'language: eql'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("event_category_override: event.type\ncondition:\n  field: eventName\n  equals: X\n", "only to language: eql")]
    [InlineData("language: eql\ncase_insensitive: true\nquery: any where true\n", "'case_insensitive' applies to native conditions")]
    [InlineData("language: eql\nevent_category_override: event.Type\nquery: any where true\n", "event_category_override 'event.Type' is not a field")]
    [InlineData("language: eql\nquery: any where cloudtrail.event_name == \"X\"\n", "cloudtrail.event_name")]
    [InlineData("language: eql\nquery: [any]\n", "'query' expects the EQL query as text")]
    public void Load_EqlMistakes_AreNamed(string body, string expected)
    {
        Assert.Contains(expected, Error(body).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SequenceQuery_NeedsTheRulePackLoader()
    {
        var error = Error("language: eql\nquery: |\n  sequence by user.name\n    [any where true]\n    [any where true]\n");

        Assert.Equal((6, 8), (error.Line, error.Column));
        Assert.StartsWith("an EQL sequence compiles to a correlation: it loads with the rule pack", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ErrorInALiteralBlock_IsPlacedOnTheFilesLineAndColumn()
    {
        var error = Error("language: eql   # Elastic's query, verbatim\nquery: |   # a comment on the header\n  any\n     whre event.action == \"X\"\n");

        Assert.Equal(("rules/x.yml", 8, 6), (error.File, error.Line, error.Column));
        Assert.StartsWith("EQL: unexpected token 'whre'", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("rules/x.yml:8:6: EQL: unexpected token 'whre'", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ErrorInAPlainScalar_IsPlacedOnItsColumn()
    {
        var error = Error("language: eql\nquery: any where event.action = \"X\"\n");

        Assert.Equal((6, 31), (error.Line, error.Column));
        Assert.Contains("'=' is not an EQL operator", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ErrorInADoubleQuotedScalar_CountsEscapesAsWritten()
    {
        var error = Error("language: eql\nquery: \"any where event.action == \\\"X\\\" and oops\"\n");

        Assert.Equal((6, 45), (error.Line, error.Column));
        Assert.Contains("'oops'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ErrorInAFoldedBlock_FindsTheTokenAcrossFoldedLines()
    {
        var error = Error("language: eql\nquery: >\n  any where event.action == \"X\"\n  and and\n");

        Assert.Equal((8, 7), (error.Line, error.Column));
        Assert.Contains("'and'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ErrorWithTestsLeftUnread_IsPlacedOnTheSameLine()
    {
        var yaml = Head + "tests:\n  - name: x\n    expected: true\n    event: {}\nlanguage: eql\nquery: |\n  any whre true\n";

        var error = Assert.Single(Assert.Throws<RuleLoadException>(() => RuleLoader.LoadTexts([("rules/x.yml", yaml)], RuleTests.Skip)).Errors);

        Assert.Equal((11, 7), (error.Line, error.Column));
    }

    [Fact]
    public void Load_CategoryOverride_ComparesTheCategoryWithThatField()
    {
        var rule = Load("language: eql\nevent_category_override: event.action\nquery: PutBucketLogging where true\n");

        Assert.True(rule.Matches(Disabling));
        Assert.False(rule.Matches(Disabling.Replace("Put", "Get", StringComparison.Ordinal)));
    }
}
