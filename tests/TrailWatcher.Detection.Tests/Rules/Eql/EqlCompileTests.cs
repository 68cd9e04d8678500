using System.Text;
using System.Text.Json;
using TrailWatcher.Detection.Reading;
using TrailWatcher.Detection.Rules.Conditions;
using TrailWatcher.Detection.Rules.Loading.Eql;
using static TrailWatcher.Detection.Tests.Rules.Eql.EqlTestSupport;

namespace TrailWatcher.Detection.Tests.Rules.Eql;

public sealed class EqlCompileTests
{
    private const string SeedQuery = """
        any where event.dataset == "aws.cloudtrail"
           and event.action == "PutBucketLogging"
           and event.outcome == "success"
           and not stringContains(aws.cloudtrail.request_parameters, "LoggingEnabled")
        """;

    private const string LoggingEnabled =
        """{"eventSource":"s3.amazonaws.com","eventName":"PutBucketLogging","requestParameters":{"bucketName":"audit","BucketLoggingStatus":{"LoggingEnabled":{"TargetBucket":"logs","TargetPrefix":"audit/"}}}}""";

    private const string LoggingDisabled =
        """{"eventSource":"s3.amazonaws.com","eventName":"PutBucketLogging","requestParameters":{"bucketName":"audit","BucketLoggingStatus":{}}}""";

    private const string LoggingDisabledFailed =
        """{"eventSource":"s3.amazonaws.com","eventName":"PutBucketLogging","errorCode":"AccessDenied","requestParameters":{"bucketName":"audit","BucketLoggingStatus":{}}}""";

    [Fact]
    public void SeedQuery_MatchesOnlyASuccessfulCallThatTurnsLoggingOff()
    {
        Assert.False(Matches(SeedQuery, LoggingEnabled));
        Assert.True(Matches(SeedQuery, LoggingDisabled));
        Assert.False(Matches(SeedQuery, LoggingDisabledFailed));
        Assert.False(Matches(SeedQuery, LoggingDisabled.Replace("PutBucketLogging", "GetBucketLogging", StringComparison.Ordinal)));
    }

    [Fact]
    public void SeedQuery_KeysTheIndexOnEventName_AndReusesLeaves()
    {
        var condition = Compile(SeedQuery);
        var all = Assert.IsType<AllCondition>(condition);
        Assert.Equal(4, all.Children.Count);
        var action = Assert.IsType<EqualsCondition>(all.Children[1]);
        Assert.False(action.IgnoreCase);
        var not = Assert.IsType<NotCondition>(all.Children[3]);
        var contains = Assert.IsType<TextMatchCondition>(not.Child);
        Assert.Equal(TextMatchKind.Contains, contains.Kind);
        Assert.Same(RequestParameters, contains.Field);
        Assert.Equal(["PutBucketLogging"], ConditionKeys.Derive(condition, "eventName")!);
    }

    [Fact]
    public void SimpleEquality_CompilesToTheEqualityLeafOnThePath()
    {
        var condition = Assert.IsType<EqualsCondition>(Compile("any where event.action == \"X\""));
        Assert.Equal("X", condition.Value);
        Assert.False(condition.IgnoreCase);
        Assert.True(Assert.IsType<FieldPath>(condition.Field).IsTopLevelProperty("eventName"));
        Assert.Equal(["X"], ConditionKeys.Derive(condition, "eventName")!);
    }

    [Theory]
    [InlineData("event.action : \"x\"", typeof(EqualsCondition))]
    [InlineData("event.action in (\"A\", \"B\")", typeof(OneOfCondition))]
    [InlineData("event.action in~ (\"A\", \"B\")", typeof(OneOfCondition))]
    [InlineData("event.action : (\"A\", \"B\")", typeof(AnyCondition))]
    [InlineData("event.action : \"Put*\"", typeof(TextMatchCondition))]
    [InlineData("event.action like \"*Bucket*\"", typeof(TextMatchCondition))]
    [InlineData("event.action like \"P?t*\"", typeof(TextMatchCondition))]
    [InlineData("event.action regex \"Put.*\"", typeof(RegexCondition))]
    [InlineData("stringContains(event.action, \"x\")", typeof(TextMatchCondition))]
    [InlineData("startsWith~(event.action, \"x\")", typeof(TextMatchCondition))]
    [InlineData("endsWith(event.action, \"x\")", typeof(TextMatchCondition))]
    [InlineData("wildcard(event.action, \"x*\")", typeof(TextMatchCondition))]
    [InlineData("cidrMatch(sourceIPAddress, \"10.0.0.0/8\")", typeof(CidrCondition))]
    [InlineData("count > 3", typeof(NumericCondition))]
    [InlineData("3 < count", typeof(NumericCondition))]
    [InlineData("count != null", typeof(HasValueCondition))]
    [InlineData("count == null", typeof(NotCondition))]
    [InlineData("event.action != \"X\"", typeof(AllCondition))]
    [InlineData("userIdentity.accountId == recipientAccountId", typeof(FieldReferenceCondition))]
    [InlineData("count == 4", typeof(EqlCompareCondition))]
    [InlineData("count + 1 == 5", typeof(EqlCompareCondition))]
    [InlineData("length(event.action) > 3", typeof(EqlCompareCondition))]
    [InlineData("stringContains(event.action, event.provider)", typeof(EqlPredicateCondition))]
    [InlineData("substring(event.action, 0, 3) : \"put\"", typeof(EqlLookupCondition))]
    [InlineData("true", typeof(AllCondition))]
    [InlineData("event.action : \"*\"", typeof(EqlLookupCondition))]
    [InlineData("stringContains(event.action, \"ul\")", typeof(EqlPredicateCondition))]
    [InlineData("event.action like \"n*\"", typeof(EqlLookupCondition))]
    public void Constructs_CompileToExistingLeavesWhereTheMeaningIsTheSame(string condition, Type expected) =>
        Assert.IsType(expected, Compile("any where " + condition));

    [Theory]
    [InlineData("event.action in (\"A\", \"B\")", "A,B")]
    [InlineData("event.action : (\"a\", \"b\")", "a,b")]
    [InlineData("event.action == \"A\" or event.action == \"B\"", "A,B")]
    [InlineData("event.action == \"A\" and length(event.provider) > 1", "A")]
    [InlineData("event.action == \"A\" or length(event.provider) > 1", null)]
    [InlineData("not event.action == \"A\"", null)]
    [InlineData("event.action != \"A\"", null)]
    [InlineData("event.action not in (\"A\")", null)]
    [InlineData("event.action : \"A*\"", null)]
    public void IndexKeys_AreDerivedOnlyFromLeavesThatBindEventName(string condition, string? keys)
    {
        var derived = ConditionKeys.Derive(Compile("any where " + condition), "eventName");
        Assert.Equal(keys, derived is null ? null : string.Join(',', derived.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void Category_IsComparedWithEventCategory_OrTheOverride()
    {
        Assert.True(Matches("Management where event.action == \"PutBucketLogging\""));
        Assert.False(Matches("management where event.action == \"PutBucketLogging\""));
        Assert.False(Matches("iam where true"));
        Assert.True(Matches("\"Management\" where true"));
        Assert.True(Matches("AwsApiCall where true", categoryField: "event.type"));
        Assert.False(Matches("Management where true", categoryField: "event.type"));
        Assert.True(Matches("any where true"));
    }

    // Whatever EQL compiles to, a record it matches must pass the guard and index derived from it.
    [Theory]
    [InlineData("requestParameters.bucketName == \"audit\" and count + 1 == 5")]
    [InlineData("not requestParameters.bucketName == \"other\"")]
    [InlineData("requestParameters.bucketName != \"other\"")]
    [InlineData("requestParameters.bucketName not in (\"other\", \"x\")")]
    [InlineData("missing == null")]
    [InlineData("errorCode == null")]
    [InlineData("errorCode != null or count == 4")]
    [InlineData("length(requestParameters.bucketName) == 5")]
    [InlineData("stringContains(concat(requestParameters.bucketName, \"Suffix\"), \"itSuffix\")")]
    [InlineData("substring(requestParameters.bucketName, 0, 2) : \"AU\"")]
    [InlineData("requestParameters.bucketName : \"AUDIT\"")]
    [InlineData("requestParameters.bucketName like~ \"AU*\"")]
    [InlineData("requestParameters.bucketName regex~ \"AU.IT\"")]
    [InlineData("not stringContains(aws.cloudtrail.request_parameters, \"LoggingEnabled\")")]
    [InlineData("event.outcome == \"success\" and not cidrMatch(sourceIPAddress, \"10.0.0.0/8\")")]
    [InlineData("event.action != event.provider")]
    [InlineData("count >= 4 and not count > 4")]
    public void Guards_AdmitEveryRecordTheConditionMatches(string condition)
    {
        const string record = """{"eventSource":"s3.amazonaws.com","eventName":"PutBucketLogging","sourceIPAddress":"192.0.2.1","count":4,"requestParameters":{"bucketName":"audit","BucketLoggingStatus":{}}}""";
        var compiled = Compile("any where " + condition);
        using var document = JsonDocument.Parse(record);
        Assert.True(compiled.Matches(new EventRecord(document.RootElement)));
        var guard = RecordGuards.Derive(compiled);
        Assert.True(guard is null || guard.Admits(Encoding.UTF8.GetBytes(record), RecordTraits.None));
        var names = ConditionKeys.Derive(compiled, "eventName");
        Assert.True(names is null || names.Contains("PutBucketLogging"));
    }

    [Fact]
    public void GenericConditions_AreInvisibleToGuards()
    {
        Assert.Null(RecordGuards.Derive(Compile("any where count + 1 == 5")));
        Assert.Null(RecordGuards.Derive(Compile("any where stringContains(concat(requestParameters.bucketName, \"x\"), \"y\")")));
        Assert.Null(RecordGuards.Derive(Compile("any where substring(requestParameters.bucketName, 0, 2) : \"AU\"")));
    }

    [Fact]
    public void DerivedFields_ReadTwice_AreComputedOnce()
    {
        var calls = 0;
        var counted = new DerivedField("x.counted", _ =>
        {
            calls++;
            return [DerivedField.TextValue("v")];
        });
        var condition = EqlQuery.Compile("any where x.counted == \"v\" and length(x.counted) == 1 and x.counted : \"V\"", n => n == "x.counted" ? counted : null);
        using var document = JsonDocument.Parse("{}");
        Assert.True(condition.Matches(new EventRecord(document.RootElement)));
        Assert.Equal(1, calls);
    }
}
