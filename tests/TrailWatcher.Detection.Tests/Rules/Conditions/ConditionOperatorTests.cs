using TrailWatcher.Detection.Tests.TestSupport;
using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Tests.Rules.Conditions;

public sealed class ConditionOperatorTests
{
    private const string Record = """
        {
          "eventName": "PutBucketLogging",
          "eventSource": "s3.amazonaws.com",
          "sourceIPAddress": "10.1.2.3",
          "ipv6": "2001:db8::1",
          "service": "s3.amazonaws.com",
          "count": 5,
          "countText": "5",
          "ratio": 2.5,
          "big": "1e3",
          "flag": true,
          "nothing": null,
          "escaped": "Put\u0042ucket",
          "requestParameters": { "bucketName": "Critical-Data", "policy": { "a": 1 } },
          "tags": ["alpha", "beta"],
          "resources": [ { "ARN": "arn:aws:s3:::one" }, { "ARN": "arn:aws:s3:::two" } ]
        }
        """;

    [Theory]
    [InlineData("field: eventName\nequals: PutBucketLogging", true)]
    [InlineData("field: eventName\nequals: putbucketlogging", false)]
    [InlineData("field: eventName\nequals: PutBucket", false)]
    [InlineData("field: count\nequals: 5", true)]
    [InlineData("field: countText\nequals: 5", true)]
    [InlineData("field: count\nequals: \"5\"", true)]
    [InlineData("field: ratio\nequals: 2.5", true)]
    [InlineData("field: flag\nequals: true", true)]
    [InlineData("field: flag\nequals: True", true)]
    [InlineData("field: nothing\nequals: null", true)]
    [InlineData("field: escaped\nequals: PutBucket", true)]
    [InlineData("field: requestParameters.policy\nequals: x", false)]
    [InlineData("field: tags\nequals: alpha", true)]
    [InlineData("field: missing\nequals: x", false)]
    public void Equals_Values_MatchTextOfJsonValue(string condition, bool expected)
    {
        Assert.Equal(expected, TestRules.FromCondition(condition).Matches(Record));
    }

    [Theory]
    [InlineData("field: eventName\nnot_equals: PutBucketLogging", false)]
    [InlineData("field: eventName\nnot_equals: Other", true)]
    [InlineData("field: missing\nnot_equals: x", true)]
    public void NotEquals_IsNegatedEquals(string condition, bool expected)
    {
        Assert.Equal(expected, TestRules.FromCondition(condition).Matches(Record));
    }

    [Theory]
    [InlineData("field: eventName\none_of: [GetObject, PutBucketLogging]", true)]
    [InlineData("field: eventName\none_of: [GetObject, PutObject]", false)]
    [InlineData("field: count\none_of: [4, 5]", true)]
    [InlineData("field: escaped\none_of: [PutBucket]", true)]
    public void OneOf_Values_MatchAnyListed(string condition, bool expected)
    {
        Assert.Equal(expected, TestRules.FromCondition(condition).Matches(Record));
    }

    [Theory]
    [InlineData("field: eventName\ncontains: Bucket", true)]
    [InlineData("field: eventName\ncontains: bucket", false)]
    [InlineData("field: eventName\nstarts_with: Put", true)]
    [InlineData("field: eventName\nstarts_with: Logging", false)]
    [InlineData("field: eventName\nends_with: Logging", true)]
    [InlineData("field: eventName\nends_with: Put", false)]
    [InlineData("field: count\nstarts_with: 5", true)]
    [InlineData("field: requestParameters.policy\ncontains: a", false)]
    [InlineData("field: tags\ncontains: alpha", true)]
    [InlineData("field: escaped\nends_with: Bucket", true)]
    public void StringOperators_Values_CompareText(string condition, bool expected)
    {
        Assert.Equal(expected, TestRules.FromCondition(condition).Matches(Record));
    }

    [Theory]
    [InlineData("field: eventName\nexists: true", true)]
    [InlineData("field: eventName\nexists: false", false)]
    [InlineData("field: missing\nexists: true", false)]
    [InlineData("field: missing\nexists: false", true)]
    [InlineData("field: nothing\nexists: true", false)]
    [InlineData("field: nothing\nis_null: true", true)]
    [InlineData("field: missing\nis_null: true", true)]
    [InlineData("field: eventName\nis_null: true", false)]
    [InlineData("field: eventName\nis_null: false", true)]
    [InlineData("field: nothing.child\nis_null: true", true)]
    [InlineData("field: requestParameters.policy\nexists: true", true)]
    public void ExistsAndIsNull_Paths_FollowPresenceAndNull(string condition, bool expected)
    {
        Assert.Equal(expected, TestRules.FromCondition(condition).Matches(Record));
    }

    [Theory]
    [InlineData("field: count\ngt: 4", true)]
    [InlineData("field: count\ngt: 5", false)]
    [InlineData("field: count\ngte: 5", true)]
    [InlineData("field: count\nlt: 5", false)]
    [InlineData("field: count\nlte: 5", true)]
    [InlineData("field: countText\ngt: 4.5", true)]
    [InlineData("field: ratio\nlt: 3", true)]
    [InlineData("field: big\ngte: 1000", true)]
    [InlineData("field: eventName\ngt: 0", false)]
    [InlineData("field: flag\ngt: 0", false)]
    [InlineData("field: missing\nlt: 100", false)]
    public void Numeric_NumbersAndNumericStrings_Compare(string condition, bool expected)
    {
        Assert.Equal(expected, TestRules.FromCondition(condition).Matches(Record));
    }

    [Theory]
    [InlineData("field: sourceIPAddress\ncidr: 10.0.0.0/8", true)]
    [InlineData("field: sourceIPAddress\ncidr: 192.168.0.0/16", false)]
    [InlineData("field: sourceIPAddress\ncidr: [192.168.0.0/16, 10.1.2.0/24]", true)]
    [InlineData("field: sourceIPAddress\ncidr: 10.1.2.3", true)]
    [InlineData("field: ipv6\ncidr: 2001:db8::/32", true)]
    [InlineData("field: ipv6\ncidr: 2001:db9::/32", false)]
    [InlineData("field: ipv6\ncidr: 10.0.0.0/8", false)]
    [InlineData("field: sourceIPAddress\ncidr: ::/0", false)]
    [InlineData("field: service\ncidr: 0.0.0.0/0", false)]
    [InlineData("field: count\ncidr: 0.0.0.0/0", false)]
    [InlineData("field: missing\ncidr: 0.0.0.0/0", false)]
    public void Cidr_Addresses_MatchContainingNetworks(string condition, bool expected)
    {
        Assert.Equal(expected, TestRules.FromCondition(condition).Matches(Record));
    }

    [Fact]
    public void Cidr_ShorthandAddress_DoesNotMatch()
    {
        var rule = TestRules.FromCondition("field: ip\ncidr: 10.0.0.0/8");

        Assert.False(rule.Matches("""{"ip":"10.1"}"""));
    }

    [Theory]
    [InlineData("field: eventName\nregex: ^Put.*Logging$", true)]
    [InlineData("field: eventName\nregex: ^put", false)]
    [InlineData("field: eventName\nregex: ^put\ncase_insensitive: true", true)]
    [InlineData("field: requestParameters.bucketName\nregex: '^[A-Z][a-z]+-Data$'", true)]
    [InlineData("field: count\nregex: '^\\d$'", true)]
    public void Regex_Values_Match(string condition, bool expected)
    {
        Assert.Equal(expected, TestRules.FromCondition(condition).Matches(Record));
    }

    [Fact]
    public void Regex_CatastrophicPattern_ThrowsRuleEvaluationExceptionNamingRule()
    {
        var rule = TestRules.FromCondition("field: value\nregex: '^(a+)+$'", id: "Test.Catastrophic");
        var input = "{\"value\":\"" + new string('a', 5000) + "!\"}";

        var started = System.Diagnostics.Stopwatch.StartNew();
        var ex = Assert.Throws<RuleEvaluationException>(() => rule.Matches(input));

        Assert.Equal("Test.Catastrophic", ex.RuleId);
        Assert.Contains("Test.Catastrophic", ex.Message, StringComparison.Ordinal);
        Assert.IsType<System.Text.RegularExpressions.RegexMatchTimeoutException>(ex.InnerException);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"took {started.Elapsed}");
    }

    [Fact]
    public void CaseInsensitive_RuleDefault_AppliesToEveryLeaf()
    {
        var rule = TestRules.FromCondition(
            """
            all:
              - field: eventName
                equals: putbucketlogging
              - field: eventSource
                starts_with: S3.
              - field: requestParameters.bucketName
                one_of: [critical-data]
              - field: eventName
                contains: BUCKET
              - field: eventName
                ends_with: LOGGING
            """,
            caseInsensitive: true);

        Assert.True(rule.Matches(Record));
    }

    [Fact]
    public void CaseInsensitive_LeafOverride_BeatsRuleDefault()
    {
        var sensitiveLeaf = TestRules.FromCondition("field: eventName\nequals: putbucketlogging\ncase_insensitive: false", caseInsensitive: true);
        var insensitiveLeaf = TestRules.FromCondition("field: eventName\nequals: putbucketlogging\ncase_insensitive: true");

        Assert.False(sensitiveLeaf.Matches(Record));
        Assert.True(insensitiveLeaf.Matches(Record));
    }

    [Fact]
    public void CaseInsensitive_EscapedString_StillCompares()
    {
        var rule = TestRules.FromCondition("field: escaped\nequals: PUTBUCKET\ncase_insensitive: true");

        Assert.True(rule.Matches(Record));
    }

    [Theory]
    [InlineData("field: resources.ARN\nequals: arn:aws:s3:::two", true)]
    [InlineData("field: resources.ARN\nequals: arn:aws:s3:::three", false)]
    [InlineData("field: resources[0].ARN\nequals: arn:aws:s3:::two", false)]
    [InlineData("field: resources[1].ARN\nequals: arn:aws:s3:::two", true)]
    [InlineData("field: resources.ARN\nends_with: ':one'", true)]
    [InlineData("field: resources.ARN\nexists: true", true)]
    [InlineData("field: resources.type\nexists: true", false)]
    [InlineData("field: resources[5].ARN\nis_null: true", true)]
    public void Arrays_AnyElement_Matches(string condition, bool expected)
    {
        Assert.Equal(expected, TestRules.FromCondition(condition).Matches(Record));
    }

    [Fact]
    public void Arrays_NotEqualsOverElements_IsNotOfAny()
    {
        var rule = TestRules.FromCondition("field: resources.ARN\nnot_equals: arn:aws:s3:::two");

        Assert.False(rule.Matches(Record));
    }

    [Fact]
    public void Exists_SomeElementsLackField_TrueWhenAnyHasIt()
    {
        var rule = TestRules.FromCondition("field: items.id\nexists: true");

        Assert.True(rule.Matches("""{"items":[{"x":1},{"id":null},{"id":"a"}]}"""));
        Assert.False(rule.Matches("""{"items":[{"x":1},{"id":null}]}"""));
    }

    [Theory]
    [InlineData("PutBucketLogging", "s3.amazonaws.com", true)]
    [InlineData("PutBucketLogging", "ec2.amazonaws.com", false)]
    [InlineData("DeleteBucket", "s3.amazonaws.com", true)]
    [InlineData("DeleteBucket", "ec2.amazonaws.com", false)]
    [InlineData("GetObject", "s3.amazonaws.com", false)]
    public void Composition_AllAnyNot_Nest(string eventName, string eventSource, bool expected)
    {
        var rule = TestRules.FromCondition(
            """
            all:
              - field: eventSource
                equals: s3.amazonaws.com
              - any:
                  - field: eventName
                    equals: PutBucketLogging
                  - all:
                      - field: eventName
                        starts_with: Delete
                      - not:
                          field: eventName
                          equals: DeleteObject
              - not:
                  not:
                    field: eventName
                    exists: true
            """);

        Assert.Equal(expected, rule.Matches($$"""{"eventName":"{{eventName}}","eventSource":"{{eventSource}}"}"""));
    }

    [Fact]
    public void Equals_LongValue_UsesPooledBuffer()
    {
        var longValue = new string('x', 1000) + "END";
        var rule = TestRules.FromCondition("field: v\nends_with: END\ncase_insensitive: true");

        Assert.True(rule.Matches($$"""{"v":"{{longValue}}"}"""));
    }
}
