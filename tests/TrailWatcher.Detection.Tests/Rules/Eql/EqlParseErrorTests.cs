using static TrailWatcher.Detection.Tests.Rules.Eql.EqlTestSupport;

namespace TrailWatcher.Detection.Tests.Rules.Eql;

public sealed class EqlParseErrorTests
{
    [Fact]
    public void Misspelt_Where_GivesLineColumnAndToken()
    {
        var error = Error("any\n        whre event.action == \"X\"");
        Assert.StartsWith("line 2, column 9: unexpected token 'whre'", error.Message, StringComparison.Ordinal);
        Assert.Equal((2, 9, "whre"), (error.Line, error.Column, error.Token));
    }

    [Theory]
    [InlineData("", 1, 1, "the query is empty")]
    [InlineData("sequence\n  [any where true]\n  [any where true]", 1, 1, "a sequence query is not a single-event query")]
    [InlineData("  sequence by user.name [any where true]", 1, 3, "a sequence query is not a single-event query")]
    [InlineData("any where true | head 5", 1, 16, "pipes are not supported")]
    [InlineData("any where event.action = \"X\"", 1, 24, "'=' is not an EQL operator")]
    [InlineData("any where event.action == 'X'", 1, 27, "single quotes are not supported")]
    [InlineData("any where event.action == \"X", 1, 27, "a string is not closed")]
    [InlineData("any where event.action == \"\"\"X", 1, 27, "a raw string (\"\"\") is not closed")]
    [InlineData("any where event.action == \"\\q\"", 1, 28, "unknown escape '\\q'")]
    [InlineData("any where event.action == \"\\u{zz}\"", 1, 28, "invalid unicode escape")]
    [InlineData("any where `a == 1", 1, 11, "not closed")]
    [InlineData("any where 6field == 1", 1, 11, "enclose it in backticks")]
    [InlineData("any where count == 1 and", 1, 25, "the query ends where")]
    [InlineData("any where (count == 1", 1, 22, "')' is expected")]
    [InlineData("any where count == 1 count == 2", 1, 22, "unexpected token 'count'")]
    [InlineData("any where 1 < count < 5", 1, 21, "comparisons cannot be chained")]
    [InlineData("any where count in ()", 1, 21, "unexpected token ')'")]
    [InlineData("any where count in (event.action)", 1, 21, "expected a value")]
    [InlineData("any where count not like \"x\"", 1, 21, "'not like' is not EQL")]
    [InlineData("any where event.action like 5", 1, 29, "is not a string")]
    [InlineData("any where event.action : (\"a\", 5)", 1, 32, "is not a string")]
    [InlineData("any where event.action in (\"a\", null)", 1, 33, "null cannot be looked up")]
    [InlineData("any where event.action regex \"(\"", 1, 30, "invalid regular expression")]
    [InlineData("any where count < null", 1, 17, "null can only be compared with == or !=")]
    [InlineData("any where \"text\"", 1, 11, "expected a condition")]
    [InlineData("any where count + 1", 1, 17, "expected a condition")]
    [InlineData("any where unknown.field == \"x\"", 1, 11, "unknown field 'unknown.field'")]
    [InlineData("any\nwhere\n  event.action == \"X\" and\n  `unknown-thing` == 1", 4, 3, "unknown field 'unknown-thing'")]
    [InlineData("any where path == \"\"\"a\nb\"\"\" and `unknown-x` == 1", 2, 10, "unknown field 'unknown-x'")]
    [InlineData("any where /* a\n comment */ count == 1 and\n\t\"x\"", 3, 2, "expected a condition")]
    [InlineData("where event.action == \"X\"", 1, 1, "unexpected token 'where'")]
    [InlineData("any where and", 1, 11, "unexpected token 'and'")]
    [InlineData("any where count == 1 # x", 1, 22, "unexpected character '#'")]
    [InlineData("any where count == 99999999999999999999", 1, 20, "integer out of range")]
    public void Errors_CarryTheirPosition(string query, int line, int column, string reason)
    {
        var error = Error(query);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal(line, error.Line);
        Assert.Equal(column, error.Column);
        Assert.StartsWith($"line {line}, column {column}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownCategoryField_IsNamed()
    {
        var error = Assert.Throws<TrailWatcher.Detection.Rules.Loading.Eql.EqlParseException>(
            () => Compile("iam where true", categoryField: "unknown.category"));
        Assert.Contains("unknown field 'unknown.category'", error.Message, StringComparison.Ordinal);
        Assert.Equal((1, 1, "iam"), (error.Line, error.Column, error.Token));
    }
}
