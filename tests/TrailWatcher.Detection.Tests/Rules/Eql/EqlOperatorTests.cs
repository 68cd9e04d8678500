using static TrailWatcher.Detection.Tests.Rules.Eql.EqlTestSupport;

namespace TrailWatcher.Detection.Tests.Rules.Eql;

public sealed class EqlOperatorTests
{
    [Theory]
    [InlineData("event.action == \"PutBucketLogging\"", true)]
    [InlineData("event.action == \"putbucketlogging\"", false)]
    [InlineData("event.action == \"PutBucket*\"", false)]
    [InlineData("\"PutBucketLogging\" == event.action", true)]
    [InlineData("event.action != \"PutBucketLogging\"", false)]
    [InlineData("event.action != \"putbucketlogging\"", true)]
    [InlineData("userIdentity.userName == \"Alice\"", true)]
    [InlineData("count == 4", true)]
    [InlineData("count == 4.0", true)]
    [InlineData("count == \"4\"", true)]
    [InlineData("countText == 10", true)]
    [InlineData("count != 4", false)]
    [InlineData("count != 5", true)]
    [InlineData("ratio == 2.5", true)]
    [InlineData("flag == true", true)]
    [InlineData("flag == false", false)]
    [InlineData("flag != false", true)]
    public void Equality_IsCaseSensitiveAndTyped(string condition, bool expected) => Assert.Equal(expected, Where(condition));

    [Theory]
    [InlineData("count < 5", true)]
    [InlineData("count <= 4", true)]
    [InlineData("count < 4", false)]
    [InlineData("count > 3", true)]
    [InlineData("count >= 4", true)]
    [InlineData("count > 4", false)]
    [InlineData("5 > count", true)]
    [InlineData("countText > 9", true)]
    [InlineData("ratio >= 2.5", true)]
    [InlineData("ratio < -1", false)]
    [InlineData("userIdentity.userName < \"Bob\"", true)]
    [InlineData("userIdentity.userName > \"Bob\"", false)]
    [InlineData("userIdentity.userName > \"ALICE\"", true)]
    public void Ordering_NumbersByValue_StringsOrdinal(string condition, bool expected) => Assert.Equal(expected, Where(condition));

    [Theory]
    [InlineData("event.action : \"putbucketlogging\"", true)]
    [InlineData("event.action : \"PUTBUCKET*\"", true)]
    [InlineData("event.action : \"*logging\"", true)]
    [InlineData("event.action : \"*BUCKET*\"", true)]
    [InlineData("event.action : \"put?ucketlogging\"", true)]
    [InlineData("event.action : \"put?logging\"", false)]
    [InlineData("event.action : \"put\"", false)]
    [InlineData("event.action : (\"GetObject\", \"putbucket*\")", true)]
    [InlineData("event.action : (\"GetObject\", \"PutObject\")", false)]
    [InlineData("path : \"c:\\\\windows\\\\*\"", true)]
    [InlineData("path : \"\"\"C:\\Windows\\*.EXE\"\"\"", true)]
    public void Colon_IgnoresCaseAndExpandsWildcards(string condition, bool expected) => Assert.Equal(expected, Where(condition));

    [Theory]
    [InlineData("event.action like \"PutBucket*\"", true)]
    [InlineData("event.action like \"putbucket*\"", false)]
    [InlineData("event.action like~ \"putbucket*\"", true)]
    [InlineData("event.action like \"Put?ucketLogging\"", true)]
    [InlineData("event.action like (\"Get*\", \"*Logging\")", true)]
    [InlineData("event.action like (\"Get*\", \"*logging\")", false)]
    [InlineData("event.action like~ (\"Get*\", \"*logging\")", true)]
    [InlineData("event.action like \"PutBucketLogging\"", true)]
    [InlineData("event.action like \"P*B*L*g\"", true)]
    public void Like_IsCaseSensitiveUnlessTilde(string condition, bool expected) => Assert.Equal(expected, Where(condition));

    [Theory]
    [InlineData("event.action regex \"Put.*Logging\"", true)]
    [InlineData("event.action regex \"Put\"", false)]
    [InlineData("event.action regex \"put.*\"", false)]
    [InlineData("event.action regex~ \"put.*\"", true)]
    [InlineData("event.action regex (\"Get.*\", \"Put[A-Z]ucket.*\")", true)]
    [InlineData("event.action regex \"Get|PutBucketLogging\"", true)]
    [InlineData("multi regex \"line.break\"", true)]
    public void Regex_MatchesTheWholeValue(string condition, bool expected) => Assert.Equal(expected, Where(condition));

    [Theory]
    [InlineData("event.action in (\"GetObject\", \"PutBucketLogging\")", true)]
    [InlineData("event.action in (\"GetObject\", \"putbucketlogging\")", false)]
    [InlineData("event.action in~ (\"GetObject\", \"putbucketlogging\")", true)]
    [InlineData("event.action in \"PutBucketLogging\"", true)]
    [InlineData("event.action in (\"PutBucket*\")", false)]
    [InlineData("event.action not in (\"GetObject\", \"PutObject\")", true)]
    [InlineData("event.action not in (\"GetObject\", \"PutBucketLogging\")", false)]
    [InlineData("event.action not in~ (\"putbucketlogging\")", false)]
    [InlineData("count in (3, 4)", true)]
    [InlineData("count in (3, 5)", false)]
    [InlineData("count not in (3, 5)", true)]
    [InlineData("countText in (10, 11)", true)]
    public void In_IsListMembership(string condition, bool expected) => Assert.Equal(expected, Where(condition));

    [Theory]
    [InlineData("count == 4 and flag == true", true)]
    [InlineData("count == 4 and flag == false", false)]
    [InlineData("count == 5 or flag == true", true)]
    [InlineData("count == 5 or flag == false", false)]
    [InlineData("not count == 5", true)]
    [InlineData("not (count == 4 and flag == true)", false)]
    [InlineData("count == 5 or count == 4 and flag == false", false)]
    [InlineData("(count == 5 or count == 4) and flag == true", true)]
    [InlineData("not not count == 4", true)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("flag", true)]
    public void Logic_AndBindsTighterThanOr(string condition, bool expected) => Assert.Equal(expected, Where(condition));

    [Theory]
    [InlineData("missing == \"x\"", false)]
    [InlineData("missing != \"x\"", false)]
    [InlineData("not missing == \"x\"", true)]
    [InlineData("missing < 5", false)]
    [InlineData("missing : \"*\"", false)]
    [InlineData("missing in (\"x\")", false)]
    [InlineData("missing not in (\"x\")", false)]
    [InlineData("missing == null", true)]
    [InlineData("missing != null", false)]
    [InlineData("nothing == null", true)]
    [InlineData("nothing != null", false)]
    [InlineData("empty == null", true)]
    [InlineData("count == null", false)]
    [InlineData("count != null", true)]
    [InlineData("null == missing", true)]
    [InlineData("add(missing, 1) == null", true)]
    [InlineData("add(count, 1) != null", true)]
    [InlineData("stringContains(missing, \"x\")", false)]
    [InlineData("not stringContains(missing, \"x\")", true)]
    [InlineData("nothing : \"*\"", false)]
    [InlineData("nothing : \"n*\"", false)]
    [InlineData("nothing like \"null\"", false)]
    [InlineData("nothing regex \"n.*\"", false)]
    [InlineData("stringContains(nothing, \"u\")", false)]
    [InlineData("startsWith~(nothing, \"N\")", false)]
    [InlineData("wildcard(nothing, \"*\")", false)]
    [InlineData("event.action : \"*\"", true)]
    [InlineData("count : \"*\"", true)]
    public void MissingAndNull_CompareFalse_NullTestsPresence(string condition, bool expected) => Assert.Equal(expected, Where(condition));

    [Theory]
    [InlineData("tags == \"alpha\"", true)]
    [InlineData("tags == \"Beta\"", true)]
    [InlineData("tags == \"gamma\"", false)]
    [InlineData("tags : \"BETA\"", true)]
    [InlineData("tags in (\"beta\")", false)]
    [InlineData("tags in~ (\"beta\")", true)]
    [InlineData("tags != \"alpha\"", false)]
    [InlineData("tags != \"gamma\"", true)]
    [InlineData("tags not in (\"alpha\", \"gamma\")", false)]
    [InlineData("numbers > 10", true)]
    [InlineData("numbers == 20", true)]
    [InlineData("add(numbers, 1) == 21", true)]
    [InlineData("length(tags) == 4", true)]
    [InlineData("startsWith(tags, \"Be\")", true)]
    [InlineData("startsWith~(tags, \"be\")", true)]
    public void ArrayFields_MatchWhenAnyValueDoes_NotEqualWhenNoneDoes(string condition, bool expected) => Assert.Equal(expected, Where(condition));

    [Theory]
    [InlineData("userIdentity.accountId == recipientAccountId", true)]
    [InlineData("userIdentity.userName == recipientAccountId", false)]
    [InlineData("userIdentity.accountId != recipientAccountId", false)]
    [InlineData("userIdentity.userName != recipientAccountId", true)]
    [InlineData("count < countText", true)]
    [InlineData("missing == recipientAccountId", false)]
    [InlineData("length(event.action) == length(\"PutBucketLogging\")", true)]
    public void FieldToField_ComparesValuesOfOneRecord(string condition, bool expected) => Assert.Equal(expected, Where(condition));

    [Theory]
    [InlineData("count + 1 == 5", true)]
    [InlineData("count - 6 == -2", true)]
    [InlineData("count * 2 == 8", true)]
    [InlineData("count / 3 == 1", true)]
    [InlineData("count / 3.0 > 1.3", true)]
    [InlineData("count % 3 == 1", true)]
    [InlineData("count + ratio == 6.5", true)]
    [InlineData("1 + 2 * 3 == 7", true)]
    [InlineData("(1 + 2) * 3 == 9", true)]
    [InlineData("-count == -4", true)]
    [InlineData("count / 0 == 0", false)]
    [InlineData("count / 0 == null", true)]
    [InlineData("countText + 1 == 11", false)]
    [InlineData("number(countText) + 1 == 11", true)]
    public void Arithmetic_IntegersStayIntegers(string condition, bool expected) => Assert.Equal(expected, Where(condition));

    [Fact]
    public void FieldNames_BackticksEscapeSpecialCharacters()
    {
        Assert.True(Where("`weird-name` == \"dash\""));
        Assert.True(Where("`my``field` == \"tick\""));
        Assert.True(Where("`event.action` == \"PutBucketLogging\""));
    }

    [Fact]
    public void Strings_EscapesAndRawStrings()
    {
        Assert.True(Where("multi == \"line\\nbreak\""));
        Assert.True(Where("path == \"C:\\\\Windows\\\\System32\\\\cmd.exe\""));
        Assert.True(Where("path == \"\"\"C:\\Windows\\System32\\cmd.exe\"\"\""));
        Assert.True(Where("event.action == \"\\u{50}utBucketLogging\""));
        Assert.True(Where("event.action == \"\\u{00000050}utBucketLogging\""));
        Assert.True(Where("concat(\"a\\\"b\", \"\"\"\"c\"\"\") == \"a\\\"b\\\"c\""));
        Assert.True(Where("length(\"\\t\\r\") == 2"));
    }

    [Fact]
    public void Keywords_AndComments_AreAccepted()
    {
        Assert.True(Matches("any where count == 4 // a comment\n and /* another */ flag == true"));
        Assert.True(Matches("any where count == 4 AND flag == true"));
    }
}
