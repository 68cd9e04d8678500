using TrailWatcher.Detection.Rules.Conditions;
using TrailWatcher.Detection.Rules.Loading.Eql;

namespace TrailWatcher.Detection.Tests.Rules.Eql;

public sealed class EqlSequenceParseTests
{
    private static EqlSequence Compile(string query) => EqlSequenceCompiler.Compile(query, EqlTestSupport.Resolve, ruleId: "Seq");

    private static EqlParseException Error(string query) => Assert.Throws<EqlParseException>(() => Compile(query));

    [Fact]
    public void Parse_FullShape_KeepsSharedKeysMaxspanStepsStepKeysAndUntil()
    {
        var node = EqlParser.ParseSequence("""
            sequence by userIdentity.arn with maxspan=15m
              [iam where event.action == "CreateUser"] by requestParameters.userName
              [any where event.action == "CreateAccessKey"] by `requestParameters.userName`
            until [any where event.action == "DeleteUser"] by requestParameters.userName
            """);

        Assert.Equal(["userIdentity.arn"], node.SharedKeys.Select(k => k.Name));
        Assert.Equal(TimeSpan.FromMinutes(15), node.Maxspan);
        Assert.Equal(2, node.Steps.Count);
        Assert.Equal("iam", node.Steps[0].Query.Category);
        Assert.Null(node.Steps[1].Query.Category);
        Assert.Equal(["requestParameters.userName"], node.Steps[0].Keys.Select(k => k.Name));
        Assert.Equal((2, 3), (node.Steps[0].At.Line, node.Steps[0].At.Column));
        Assert.NotNull(node.Until);
        Assert.Equal(["requestParameters.userName"], node.Until.Keys.Select(k => k.Name));
    }

    [Fact]
    public void Parse_Minimal_HasNoKeysNoMaxspanNoUntil()
    {
        var node = EqlParser.ParseSequence("SEQUENCE [any where true] [any where false]");

        Assert.Empty(node.SharedKeys);
        Assert.Null(node.Maxspan);
        Assert.Null(node.MaxspanToken);
        Assert.Equal(2, node.Steps.Count);
        Assert.Null(node.Until);
    }

    [Theory]
    [InlineData("500ms", 5_000_000L)]
    [InlineData("30s", 300_000_000L)]
    [InlineData("15m", 9_000_000_000L)]
    [InlineData("1h", 36_000_000_000L)]
    [InlineData("2d", 1_728_000_000_000L)]
    public void Maxspan_TakesElasticsTimeUnits(string value, long ticks)
    {
        Assert.Equal(TimeSpan.FromTicks(ticks), Compile($"sequence with maxspan = {value} [any where true] [any where true]").Maxspan);
    }

    [Fact]
    public void Compile_StepsBecomeConditionsAndKeysRecordPaths_SharedKeysFirst()
    {
        var sequence = Compile("""
            sequence by recipientAccountId with maxspan=1h
              [any where event.action == "StopLogging"] by userIdentity.arn
              [any where event.provider == "iam.amazonaws.com"] by requestParameters.userName
            """);

        Assert.Equal(TimeSpan.FromHours(1), sequence.Maxspan);
        Assert.Equal(2, sequence.JoinKeys);
        Assert.Equal(2, sequence.Steps.Count);
        Assert.Equal(["recipientAccountId", "userIdentity.arn"], sequence.Steps[0].Keys.Select(k => k.Path.Text));
        Assert.Equal(["recipientAccountId", "requestParameters.userName"], sequence.Steps[1].Keys.Select(k => k.Path.Text));
        var first = Assert.IsType<EqualsCondition>(sequence.Steps[0].Condition);
        Assert.Equal("StopLogging", first.Value);
    }

    [Fact]
    public void Compile_Until_IsAStepOfItsOwn_WithTheSharedKeysThenItsOwn()
    {
        var sequence = Compile("""
            sequence by recipientAccountId
              [any where event.action == "CreateUser"] by requestParameters.userName
              [any where event.action == "CreateAccessKey"] by requestParameters.userName
            until [any where event.action == "DeleteUser"] by requestParameters.userName
            """);

        var until = Assert.IsType<EqlSequenceStep>(sequence.Until);
        Assert.Equal(["recipientAccountId", "requestParameters.userName"], until.Keys.Select(k => k.Path.Text));
        Assert.Equal("DeleteUser", Assert.IsType<EqualsCondition>(until.Condition).Value);
        Assert.Null(Compile("sequence [any where true] [any where true]").Until);
    }

    [Theory]
    [InlineData("sequence [any where true]", 1, 1, "a sequence needs at least two steps")]
    [InlineData("sequence", 1, 9, "the query ends where 'by', 'with maxspan' or '[' (a step) is expected")]
    [InlineData("sequence by x", 1, 14, "the query ends where '[' (a step) is expected")]
    [InlineData("sequence with maxspan=10 [any where true] [any where true]", 1, 23, "maxspan '10' is not a whole number followed by ms, s, m, h or d")]
    [InlineData("sequence with maxspan=1w [any where true] [any where true]", 1, 23, "maxspan '1w'")]
    [InlineData("sequence with maxspan=0s [any where true] [any where true]", 1, 23, "must be greater than zero")]
    [InlineData("sequence with maxspan 1h [any where true] [any where true]", 1, 23, "a name cannot start with a digit")]
    [InlineData("sequence with maxspan=1h by x [any where true] [any where true]", 1, 26, "'by' comes before 'with maxspan'")]
    [InlineData("sequence with size [any where true] [any where true]", 1, 15, "expected 'maxspan'")]
    [InlineData("sequence\n  [any where true]\n  [any where true\n  [any where true]", 4, 3, "unexpected token '[', expected 'and', 'or' or ']'")]
    [InlineData("sequence [any where true] with runs=2 [any where true]", 1, 32, "'runs' (repeated steps) is not supported")]
    [InlineData("sequence [any where true] ![any where true]", 1, 27, "missing events (![ ... ]) in sequences are not supported")]
    [InlineData("sequence [any where true] [any where true] | head 1", 1, 44, "pipes are not supported")]
    [InlineData("sequence [any where true] [any where true] x", 1, 44, "unexpected token 'x'")]
    [InlineData("sequence [sequence [any where true]] [any where true]", 1, 11, "cannot be nested")]
    [InlineData("sequence by length(x) [any where true] [any where true]", 1, 13, "'by' takes field names, not expressions")]
    [InlineData("sequence by [any where true] [any where true]", 1, 13, "expected a field name after 'by'")]
    [InlineData("sequence\n  [any where true] by a\n  [any where true] by a\nuntil [any where true]", 4, 7, "step 1 has 1, the until step has 0")]
    [InlineData("sequence [any where true] [any where true] until [any where unknown.x == 1]", 1, 61, "unknown field 'unknown.x'")]
    [InlineData("sequence [any where true] [any where true] until any where true", 1, 50, "expected '[' (the until step)")]
    [InlineData("sequence [any where true] [any where true] until [any where true] [any where true]", 1, 67, "expected 'by' or the end of the query")]
    [InlineData("sequence\n  [any where true] by a\n  [any where true]", 3, 3, "every step needs the same number of join keys: step 1 has 1, step 2 has 0")]
    [InlineData("sequence\n  [any where true] by a\n  [any where true] by a, b", 3, 23, "step 1 has 1, step 2 has 2")]
    [InlineData("sequence by unknown.user [any where true] [any where true]", 1, 13, "unknown field 'unknown.user'")]
    [InlineData("sequence by event.outcome [any where true] [any where true]", 1, 13, "'event.outcome' cannot be a join key: it is computed from the record")]
    [InlineData("sequence\n  [any where true]\n  [any where unknown.x == 1]", 3, 14, "unknown field 'unknown.x'")]
    public void Errors_CarryTheirPosition(string query, int line, int column, string reason)
    {
        var error = Error(query);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Line, error.Column));
    }

    [Theory]
    [InlineData("sequence [any where true] [any where true]", true)]
    [InlineData("  // a comment\n /* another */ Sequence by x [any where true]", true)]
    [InlineData("any where sequence == 1", false)]
    [InlineData("sequences where true", false)]
    [InlineData("/* not closed", false)]
    public void IsSequence_LooksAtTheFirstWord(string query, bool expected)
    {
        Assert.Equal(expected, EqlSequenceCompiler.IsSequence(query));
    }

    [Fact]
    public void SingleEventCompile_StillRefusesASequence()
    {
        var error = Assert.Throws<EqlParseException>(() => EqlQuery.Compile("sequence [any where true] [any where true]", EqlTestSupport.Resolve));
        Assert.Contains("not a single-event query", error.Message, StringComparison.Ordinal);
    }
}
