using TrailWatcher.Detection.Tests.TestSupport;

namespace TrailWatcher.Detection.Tests.Rules.Sigma;

public sealed class SigmaModifierTests
{
    private static bool Matches(string detection, string eventJson) => SigmaTestRules.Rule(detection).Matches(eventJson);

    [Theory]
    [InlineData("""{"userAgent":"TruffleHog"}""", true)]
    [InlineData("""{"userAgent":"trufflehog"}""", true)]
    [InlineData("""{"userAgent":"TruffleHog 3"}""", false)]
    [InlineData("""{}""", false)]
    public void PlainValue_IgnoresCase_MatchesWholeValue(string record, bool expected) =>
        Assert.Equal(expected, Matches("sel:\n    userAgent: 'TruffleHog'\ncondition: sel", record));

    [Theory]
    [InlineData("""{"a":"xSuspendedx"}""", true)]
    [InlineData("""{"a":"SUSPENDED"}""", true)]
    [InlineData("""{"a":"Enabled"}""", false)]
    public void Contains_FindsValueAnywhere(string record, bool expected) =>
        Assert.Equal(expected, Matches("sel:\n    a|contains: 'suspended'\ncondition: sel", record));

    [Theory]
    [InlineData("""{"a":"UpdateFunctionConfiguration20150331v2"}""", true)]
    [InlineData("""{"a":"xUpdateFunctionConfiguration"}""", false)]
    public void StartsWith_AnchorsAtStart(string record, bool expected) =>
        Assert.Equal(expected, Matches("sel:\n    a|startswith: 'updatefunctionconfiguration'\ncondition: sel", record));

    [Theory]
    [InlineData("""{"a":"C:\\Windows\\cmd.exe"}""", true)]
    [InlineData("""{"a":"cmd.exe.bak"}""", false)]
    public void EndsWith_AnchorsAtEnd(string record, bool expected) =>
        Assert.Equal(expected, Matches("sel:\n    a|endswith: '\\cmd.exe'\ncondition: sel", record));

    [Theory]
    [InlineData("""{"a":"one two three"}""", true)]
    [InlineData("""{"a":"one three"}""", false)]
    public void ContainsAll_NeedsEveryValue(string record, bool expected) =>
        Assert.Equal(expected, Matches("sel:\n    a|contains|all:\n        - one\n        - two\ncondition: sel", record));

    [Theory]
    [InlineData("""{"a":"x"}""", true)]
    [InlineData("""{"a":"y"}""", true)]
    [InlineData("""{"a":"z"}""", false)]
    public void ValueList_AnyValueMatches(string record, bool expected) =>
        Assert.Equal(expected, Matches("sel:\n    a:\n        - x\n        - y\ncondition: sel", record));

    [Theory]
    [InlineData("""{"a":"arn:aws:sts::1:assumed-role/aws:ec2-instance/i-1"}""", true)]
    [InlineData("""{"a":"ARN:AWS:STS::1:ASSUMED-ROLE/AWS:X"}""", false)]
    public void Re_IsUnanchoredAndCaseSensitive(string record, bool expected) =>
        Assert.Equal(expected, Matches("sel:\n    a|re: ':assumed-role/aws:.+'\ncondition: sel", record));

    [Fact]
    public void Re_WithI_IgnoresCase() =>
        Assert.True(Matches("sel:\n    a|re|i: '^abc$'\ncondition: sel", """{"a":"ABC"}"""));

    [Fact]
    public void Re_WithM_AnchorsAtLines() =>
        Assert.True(Matches("sel:\n    a|re|m: '^two$'\ncondition: sel", """{"a":"one\ntwo"}"""));

    [Fact]
    public void Re_WithS_DotMatchesNewline() =>
        Assert.True(Matches("sel:\n    a|re|s: 'one.two'\ncondition: sel", """{"a":"one\ntwo"}"""));

    [Theory]
    [InlineData("""{"ip":"10.1.2.3"}""", true)]
    [InlineData("""{"ip":"11.1.2.3"}""", false)]
    [InlineData("""{"ip":"AWS Internal"}""", false)]
    public void Cidr_MatchesAddressesInNetwork(string record, bool expected) =>
        Assert.Equal(expected, Matches("sel:\n    ip|cidr: '10.0.0.0/8'\ncondition: sel", record));

    [Theory]
    [InlineData("""{"a":"x"}""", true)]
    [InlineData("""{"a":{"b":1}}""", true)]
    [InlineData("""{"a":null}""", false)]
    [InlineData("""{"a":[]}""", false)]
    [InlineData("""{}""", false)]
    public void ExistsTrue_NeedsAValue(string record, bool expected) =>
        Assert.Equal(expected, Matches("sel:\n    a|exists: true\ncondition: sel", record));

    [Theory]
    [InlineData("""{}""", true)]
    [InlineData("""{"a":"x"}""", false)]
    public void ExistsFalse_NeedsNoValue(string record, bool expected) =>
        Assert.Equal(expected, Matches("sel:\n    a|exists: false\ncondition: sel", record));

    [Theory]
    [InlineData("""{"a":"bob","b":"bob"}""", true)]
    [InlineData("""{"a":"bob","b":"Bob"}""", false)]
    [InlineData("""{"a":"bob"}""", false)]
    public void FieldRef_IsExactEquality(string record, bool expected) =>
        Assert.Equal(expected, Matches("sel:\n    a|fieldref: b\ncondition: sel", record));

    [Theory]
    [InlineData("""{"a":"d2hvYW1p"}""", true)]
    [InlineData("""{"a":"whoami"}""", false)]
    public void Base64_MatchesEncodedValue(string record, bool expected) =>
        Assert.Equal(expected, Matches("sel:\n    a|base64: whoami\ncondition: sel", record));

    [Theory]
    [InlineData("""{"a":"xx d2hvYW1p"}""", true)]
    [InlineData("""{"a":"eHdob2FtaQ=="}""", true)]
    [InlineData("""{"a":"eHh3aG9hbWk="}""", true)]
    [InlineData("""{"a":"bm90aGluZw=="}""", false)]
    public void Base64OffsetContains_MatchesAtAnyByteOffset(string record, bool expected) =>
        Assert.Equal(expected, Matches("sel:\n    a|base64offset|contains: whoami\ncondition: sel", record));

    [Fact]
    public void WideBase64_EncodesUtf16First() =>
        Assert.True(Matches("sel:\n    a|wide|base64: ab\ncondition: sel", """{"a":"YQBiAA=="}"""));

    [Theory]
    [InlineData("""{"a":"run -x"}""", true)]
    [InlineData("""{"a":"run /x"}""", true)]
    [InlineData("""{"a":"run \u2013x"}""", true)]
    [InlineData("""{"a":"run +x"}""", false)]
    public void Windash_AcceptsEveryDash(string record, bool expected) =>
        Assert.Equal(expected, Matches("sel:\n    a|windash|contains: ' -x'\ncondition: sel", record));

    [Theory]
    [InlineData("gt", 5, false)]
    [InlineData("gt", 6, true)]
    [InlineData("gte", 5, true)]
    [InlineData("lt", 5, false)]
    [InlineData("lt", 4, true)]
    [InlineData("lte", 5, true)]
    public void Comparisons_CompareNumbers(string modifier, int value, bool expected) =>
        Assert.Equal(expected, Matches($"sel:\n    n|{modifier}: 5\ncondition: sel", $$"""{"n":{{value}}}"""));

    [Theory]
    [InlineData("""{"a":"Root"}""", true)]
    [InlineData("""{"a":"root"}""", false)]
    public void Cased_ComparesCase(string record, bool expected) =>
        Assert.Equal(expected, Matches("sel:\n    a|cased: Root\ncondition: sel", record));

    [Fact]
    public void CasedContains_ComparesCase() =>
        Assert.False(Matches("sel:\n    a|contains|cased: Root\ncondition: sel", """{"a":"xrootx"}"""));

    [Theory]
    [InlineData("""{"a":"x*y"}""", true)]
    [InlineData("""{"a":"xzy"}""", false)]
    public void EscapedStar_IsLiteral(string record, bool expected) =>
        Assert.Equal(expected, Matches("sel:\n    a: 'x\\*y'\ncondition: sel", record));

    [Theory]
    [InlineData("""{"a":"xzzy"}""", true)]
    [InlineData("""{"a":"XY"}""", true)]
    [InlineData("""{"a":"xy!"}""", false)]
    public void Star_MatchesAnyRun_IgnoringCase(string record, bool expected) =>
        Assert.Equal(expected, Matches("sel:\n    a: 'x*y'\ncondition: sel", record));

    [Theory]
    [InlineData("""{"a":"xzy"}""", true)]
    [InlineData("""{"a":"xy"}""", false)]
    [InlineData("""{"a":"x?y"}""", true)]
    public void QuestionMark_MatchesOneCharacter(string record, bool expected) =>
        Assert.Equal(expected, Matches("sel:\n    a: 'x?y'\ncondition: sel", record));

    [Theory]
    [InlineData("""{"a":"x?y"}""", true)]
    [InlineData("""{"a":"xzy"}""", false)]
    public void EscapedQuestionMark_IsLiteral(string record, bool expected) =>
        Assert.Equal(expected, Matches("sel:\n    a: 'x\\?y'\ncondition: sel", record));

    [Theory]
    [InlineData("""{"a":"C:\\Windows\\x"}""", true)]
    [InlineData("""{"a":"C:\\\\Windows\\x"}""", false)]
    public void BackslashBeforeOrdinaryCharacter_IsLiteral(string record, bool expected) =>
        Assert.Equal(expected, Matches("sel:\n    a|startswith: 'C:\\Windows\\'\ncondition: sel", record));

    [Fact]
    public void DoubleBackslash_IsOneLiteralBackslash() =>
        Assert.True(Matches("sel:\n    a: 'x\\\\*'\ncondition: sel", """{"a":"x\\yz"}"""));

    [Theory]
    [InlineData("""{}""", true)]
    [InlineData("""{"errorCode":null}""", true)]
    [InlineData("""{"errorCode":[]}""", true)]
    [InlineData("""{"errorCode":"AccessDenied"}""", false)]
    public void Null_MeansAbsentNullOrEmptyList(string record, bool expected) =>
        Assert.Equal(expected, Matches("sel:\n    errorCode: null\ncondition: sel", record));

    [Theory]
    [InlineData("""{"requestParameters":{"VersioningConfiguration":{"Status":"Suspended"}}}""", true)]
    [InlineData("""{"requestParameters":{"VersioningConfiguration":{"Status":"Enabled"}}}""", false)]
    public void ObjectField_MatchesWithinCompactJson(string record, bool expected) =>
        Assert.Equal(expected, Matches("sel:\n    requestParameters|contains: '\"Status\":\"Suspended\"'\ncondition: sel", record));

    [Fact]
    public void ObjectField_MatchesNestedStringAsWritten() =>
        Assert.True(Matches(
            "sel:\n    requestParameters|contains: '\"Allow\"'\ncondition: sel",
            """{"requestParameters":{"policyDocument":"{\"Effect\":\"Allow\"}"}}"""));

    [Theory]
    [InlineData("""{"layers":["arn:1"]}""", true)]
    [InlineData("""{"layers":null}""", false)]
    [InlineData("""{}""", false)]
    public void ContainsStar_MeansAnyValue(string record, bool expected) =>
        Assert.Equal(expected, Matches("sel:\n    layers|contains: '*'\ncondition: sel", record));

    [Fact]
    public void ArrayField_LooksIntoEachElement() =>
        Assert.True(Matches("sel:\n    resources.ARN|endswith: ':key/2'\ncondition: sel", """{"resources":[{"ARN":"k:key/1"},{"ARN":"k:key/2"}]}"""));

    [Theory]
    [InlineData("""{"eventName":"x","userAgent":"Mozilla TruffleHog"}""", true)]
    [InlineData("""{"eventName":"x"}""", false)]
    public void Keywords_SearchTheWholeRecord(string record, bool expected) =>
        Assert.Equal(expected, Matches("keywords:\n    - trufflehog\n    - s3browser\ncondition: keywords", record));
}
