using System.Text;
using TrailWatcher.Detection.Evaluation;
using TrailWatcher.Detection.Reading;
using TrailWatcher.Detection.Tests.TestSupport;

namespace TrailWatcher.Detection.Tests.Evaluation;

public sealed class RecordGuardTests
{
    [Fact]
    public void Guard_RootActivity_RejectsRecordsWithoutTheText()
    {
        var rule = TestRules.FromCondition("is: root");
        var index = new RuleIndex([rule]);

        Assert.Equal("userIdentity/(\"Root\")", rule.Guard!.ToString());
        Assert.Null(index.Admit([rule], Encoding.UTF8.GetBytes("""{"userIdentity":{"type":"IAMUser"}}"""), RecordTraits.None));
        Assert.NotNull(index.Admit([rule], Encoding.UTF8.GetBytes("""{"userIdentity":{"type":"Root"}}"""), RecordTraits.None));
    }

    [Fact]
    public void Guard_RecordWithEscapes_IsAlwaysAdmitted()
    {
        // "Root" spelled with an escape: the text search cannot see it, so the record must be parsed.
        var rule = TestRules.FromCondition("is: root");
        var json = Encoding.UTF8.GetBytes("""{"userIdentity":{"type":"R\u006fot"}}""");
        using var reader = new CloudTrailReader(new MemoryStream(Encoding.UTF8.GetBytes("""{"Records":[{"userIdentity":{"type":"R\u006fot"}}]}""")), "t");
        Assert.True(reader.Read());

        Assert.NotNull(new RuleIndex([rule]).Admit([rule], json, reader.Current.Traits));
        Assert.True(rule.Matches(Encoding.UTF8.GetString(json)));
    }

    [Theory]
    [InlineData("all:\n  - field: userIdentity.type\n    equals: IAMUser\n  - field: errorCode\n    case_insensitive: true\n    one_of: [AccessDenied, Forbidden]", "[ErrorCode] & userIdentity/(\"IAMUser\") & errorCode:(~\"AccessDenied\" | ~\"Forbidden\")")]
    [InlineData("field: errorCode\none_of: [A1, B1, C1, D1, E1]", "[ErrorCode] & errorCode:(\"A1\" | \"B1\" | \"C1\" | \"D1\" | \"E1\")")]
    [InlineData("field: errorCode\none_of: [A1, B1]", "[ErrorCode] & (\"A1\" | \"B1\")")]
    [InlineData("field: requestParameters.attributeName\ncase_insensitive: true\nequals: restore", "attributeName:(~\"restore\")")]
    [InlineData("field: userAgent\ncase_insensitive: true\ncontains: trufflehog", "userAgent:(~trufflehog)")]
    [InlineData("any:\n  - field: errorCode\n    equals: VpceAccessDenied\n  - field: errorMessage\n    regex: endpoint", "[ErrorCode, ErrorMessage] & (\"VpceAccessDenied\" | endpoint)")]
    [InlineData("field: userIdentity.arn\nregex: '.+:assumed-role/aws:.+'", "userIdentity/arn:(:assumed-role/aws:)")]
    [InlineData("field: userAgent\ncase_insensitive: true\nregex: '^aws-cli/[0-9.]+ Python'", "userAgent:(~aws-cli/)")]
    [InlineData("field: userAgent\nregex: 'a(bcdef)?g|x'", null)]
    [InlineData("field: userAgent\nwildcard: '*Truffle*Hog*'", "userAgent:(Truffle)")]
    [InlineData("field: eventName\nstarts_with: UpdateFunctionCode", "eventName:(\"UpdateFunctionCode)")]
    [InlineData("field: requestParameters.count\nequals: 5", "(5)")]
    [InlineData("field: vpcEndpointId\nexists: true", "[VpcEndpoint]")]
    [InlineData("all:\n  - field: vpcEndpointId\n    exists: true\n  - field: userIdentity.type\n    equals: AWSAccount", "[VpcEndpoint] & userIdentity/(\"AWSAccount\")")]
    [InlineData("any:\n  - field: a\n    equals: x\n  - field: b\n    equals: y", "(\"x\" | \"y\")")]
    public void Guard_Derived_FromWhatAMatchMustContain(string condition, string? expected)
    {
        Assert.Equal(expected, TestRules.FromCondition(condition).Guard?.ToString());
    }

    [Theory]
    [InlineData("not:\n  field: errorCode\n  exists: true")]
    [InlineData("field: eventName\nequals: StopLogging")]
    [InlineData("any:\n  - field: a\n    equals: x\n  - not:\n      field: b\n      equals: y")]
    public void Guard_NothingCertain_NoGuard(string condition)
    {
        Assert.Null(TestRules.FromCondition(condition).Guard);
    }

    [Fact]
    public void Admit_MixedCandidates_KeepsUnguardedAndAdmittedOnly()
    {
        var guarded = TestRules.FromCondition("field: errorCode\nequals: AccessDenied", id: "Guarded");
        var open = TestRules.FromCondition("field: eventName\nequals: GetObject", id: "Open");
        var index = new RuleIndex([guarded, open]);

        var admitted = index.Admit([guarded, open], Encoding.UTF8.GetBytes("""{"eventName":"GetObject"}"""), RecordTraits.None);

        Assert.Equal(["Open"], admitted!.Select(r => r.Id));
    }

    [Theory]
    [InlineData("TruffleHog", true)]
    [InlineData("TRUFFLEHOG/3.63", true)]
    [InlineData("trufflehog", true)]
    [InlineData("truffle-hog", false)]
    [InlineData("aws-cli/2.15", false)]
    public void Guard_CaseInsensitiveText_FoundInAnyCase(string agent, bool admitted)
    {
        var rule = TestRules.FromCondition("field: userAgent\ncase_insensitive: true\ncontains: trufflehog");
        var json = Encoding.UTF8.GetBytes($$"""{"userAgent":"{{agent}}"}""");

        Assert.Equal(admitted, new RuleIndex([rule]).Admit([rule], json, RecordTraits.None) is not null);
    }

    [Fact]
    public void Guard_ErrorCodeNeeded_RecordWithoutTheTraitIsSkippedUnlessEscaped()
    {
        var rule = TestRules.FromCondition("field: errorCode\nregex: Denied");
        var index = new RuleIndex([rule]);
        var json = Encoding.UTF8.GetBytes("""{"errorCode":"AccessDenied"}""");

        Assert.Null(index.Admit([rule], json, RecordTraits.None));
        Assert.NotNull(index.Admit([rule], json, RecordTraits.ErrorCode));
        Assert.NotNull(index.Admit([rule], json, RecordTraits.Escaped));
    }

    [Theory]
    [InlineData("""{"Records":[{"eventName":"X","errorCode":"AccessDenied"}]}""", RecordTraits.ErrorCode)]
    [InlineData("""{"Records":[{"eventName":"X","errorMessage":"no","requestParameters":{"errorCode":"n"}}]}""", RecordTraits.ErrorMessage)]
    [InlineData("""{"Records":[{"eventName":"X","userAgent":"a\\b"}]}""", RecordTraits.Escaped)]
    [InlineData("""{"Records":[{"eventName":"X","requestParameters":{"errorCode":"n"}}]}""", RecordTraits.None)]
    [InlineData("""{"Records":[{"eventName":"X","vpcEndpointId":"vpce-1","vpcEndpointAccountId":"1"}]}""", RecordTraits.VpcEndpoint)]
    [InlineData("""{"Records":[{"eventName":"X","requestParameters":{"vpcEndpointId":"vpce-1"}}]}""", RecordTraits.None)]
    [InlineData("""{"Records":[{"vpcEndpointId":"vpce-1","errorCode":"VpceAccessDenied"}]}""", RecordTraits.VpcEndpoint | RecordTraits.ErrorCode)]
    public void Reader_NotesTopLevelErrorKeysAndEscapes(string log, RecordTraits expected)
    {
        using var reader = new CloudTrailReader(new MemoryStream(Encoding.UTF8.GetBytes(log)), "t");

        Assert.True(reader.Read());
        Assert.Equal(expected, reader.Current.Traits);
    }

    private const string ManyWords = """
        any:
          - {field: k, case_insensitive: true, contains: ransom}
          - {field: k, case_insensitive: true, contains: decrypt}
          - {field: k, case_insensitive: true, contains: bitcoin}
          - {field: k, case_insensitive: true, contains: unlock}
          - {field: k, case_insensitive: true, contains: restore}
          - {field: k, contains: "!"}
          - {field: k, contains: Exact}
        """;

    [Theory]
    [InlineData("""{"k":"backups/RANSOM-note.txt"}""", true)]
    [InlineData("""{"k":"how to UnLock.html"}""", true)]
    [InlineData("""{"k":"read now!"}""", true)]
    [InlineData("""{"k":"an Exact word"}""", true)]
    [InlineData("""{"k":"an exact word in the wrong case"}""", false)]
    [InlineData("""{"k":"data/2025/03/part-0001.parquet"}""", false)]
    public void Guard_ManyAlternatives_FoundInOnePassWithEachTextsCase(string json, bool admitted)
    {
        var rule = TestRules.FromCondition(ManyWords);

        Assert.Equal(7, Assert.Single(rule.Guard!.Clauses).Count);
        Assert.Equal(admitted, new RuleIndex([rule]).Admit([rule], Encoding.UTF8.GetBytes(json), RecordTraits.None) is not null);
        Assert.Equal(admitted, rule.Matches(json));
    }

    [Theory]
    [InlineData("""{"requestParameters":{"key":"notes/RANSOM.txt"}}""", true)]
    [InlineData("""{"requestParameters":{"key" : "RANSOM.txt"}}""", true)]
    [InlineData("""{"userAgent":"ransom-scanner","requestParameters":{"key":"data/part-1.parquet"}}""", false)]
    [InlineData("""{"key":"key","requestParameters":{"bucket":"ransom"}}""", false)]
    [InlineData("""{"requestParameters":{"key":["a","ransom"]}}""", true)]
    [InlineData("""{"requestParameters":{"key":{"name":"x"}}}""", true)]
    [InlineData("""{"tags":[{"key":"ransom"}],"requestParameters":{"key":"a.txt"}}""", true)]
    public void Guard_TextInAField_SearchesOnlyValuesOfThatName(string json, bool admitted)
    {
        // Text elsewhere in the record does not admit it; a value that is not one token (list, object) always does.
        var rule = TestRules.FromCondition("field: requestParameters.key\ncase_insensitive: true\ncontains: ransom");

        Assert.Equal("key:(~ransom)", rule.Guard!.ToString());
        Assert.Equal(admitted, new RuleIndex([rule]).Admit([rule], Encoding.UTF8.GetBytes(json), RecordTraits.None) is not null);
    }

    [Theory]
    [InlineData("""{"errorCode":"accessdenied"}""", true)]
    [InlineData("""{"errorCode" : "FORBIDDEN"}""", true)]
    [InlineData("""{"errorCode":"Throttling","detail":"AccessDenied"}""", false)]
    [InlineData("""{"errorCode":"Throttling","errorMessage":"AccessDenied"}""", false)]
    [InlineData("""{"errorCode":"AccessDeniedForReal"}""", false)]
    [InlineData("""{"errorCode":["AccessDenied"]}""", true)]
    [InlineData("""{"x":{"errorCode":"AccessDenied"},"errorCode":"Throttling"}""", true)]
    public void Guard_ValueComparedWholeIgnoringCase_SearchesOnlyValuesOfThatName(string json, bool admitted)
    {
        // Only a value of some errorCode key can equal it; the same word under another key, or inside a longer value, cannot.
        var rule = TestRules.FromCondition("field: errorCode\ncase_insensitive: true\none_of: [AccessDenied, Forbidden]");

        Assert.Equal(admitted, new RuleIndex([rule]).Admit([rule], Encoding.UTF8.GetBytes(json), RecordTraits.ErrorCode) is not null);
        Assert.True(admitted || !rule.Matches(json));
    }

    [Theory]
    [InlineData("""{"n":{"count":5123}}""", true)]
    [InlineData("""{"n":{"count":77},"other":5123}""", false)]
    [InlineData("""{"n":{"count":true}}""", false)]
    public void Guard_TextInAField_NumberValueSearchedAsItsToken(string json, bool admitted)
    {
        var rule = TestRules.FromCondition("field: n.count\ncontains: '512'");

        Assert.Equal(admitted, new RuleIndex([rule]).Admit([rule], Encoding.UTF8.GetBytes(json), RecordTraits.None) is not null);
    }

    [Fact]
    public void Guard_ManyAlternatives_RecordLargerThanTheStackBuffer()
    {
        var rule = TestRules.FromCondition(ManyWords);
        var padding = new string('x', 10_000);

        Assert.NotNull(new RuleIndex([rule]).Admit([rule], Encoding.UTF8.GetBytes($$"""{"p":"{{padding}}","k":"bitcoin"}"""), RecordTraits.None));
        Assert.Null(new RuleIndex([rule]).Admit([rule], Encoding.UTF8.GetBytes($$"""{"p":"{{padding}}","k":"nothing"}"""), RecordTraits.None));
    }

    [Fact]
    public void Guard_IgnoringCase_AdmitsARecordWithCharactersBeyondAscii()
    {
        // The Kelvin sign folds to 'k' for a pattern that ignores case; an ASCII search cannot see that, so it admits.
        var rule = TestRules.FromCondition("field: userAgent\ncase_insensitive: true\nregex: 'kubectl'");
        var index = new RuleIndex([rule]);

        Assert.Null(index.Admit([rule], Encoding.UTF8.GetBytes("""{"userAgent":"curl/8"}"""), RecordTraits.None));
        Assert.NotNull(index.Admit([rule], Encoding.UTF8.GetBytes("""{"userAgent":"Kubectl"}"""), RecordTraits.None));
        Assert.True(rule.Matches("""{"userAgent":"Kubectl"}"""));
    }
}
