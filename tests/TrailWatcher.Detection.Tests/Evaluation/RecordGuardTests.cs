using System.Text;
using TrailWatcher.Detection.Evaluation;
using TrailWatcher.Detection.Tests.TestSupport;

namespace TrailWatcher.Detection.Tests.Evaluation;

public sealed class RecordGuardTests
{
    [Fact]
    public void Guard_RootActivity_RejectsRecordsWithoutTheText()
    {
        var rule = TestRules.FromCondition("is: root");
        var index = new RuleIndex([rule]);

        Assert.Equal("(\"Root\")", rule.Guard!.ToString());
        Assert.Null(index.Admit([rule], Encoding.UTF8.GetBytes("""{"userIdentity":{"type":"IAMUser"}}""")));
        Assert.NotNull(index.Admit([rule], Encoding.UTF8.GetBytes("""{"userIdentity":{"type":"Root"}}""")));
    }

    [Fact]
    public void Guard_RecordWithEscapes_IsAlwaysAdmitted()
    {
        // "Root" spelled with an escape: the text search cannot see it, so the record must be parsed.
        var rule = TestRules.FromCondition("is: root");
        var json = Encoding.UTF8.GetBytes("""{"userIdentity":{"type":"R\u006fot"}}""");

        Assert.NotNull(new RuleIndex([rule]).Admit([rule], json));
        Assert.True(rule.Matches(Encoding.UTF8.GetString(json)));
    }

    [Theory]
    [InlineData("all:\n  - field: userIdentity.type\n    equals: IAMUser\n  - field: errorCode\n    case_insensitive: true\n    one_of: [AccessDenied, Forbidden]", "(\"errorCode\") & (\"IAMUser\")")]
    [InlineData("field: eventName\nstarts_with: UpdateFunctionCode", "(\"UpdateFunctionCode)")]
    [InlineData("field: requestParameters.count\nequals: 5", "(5)")]
    [InlineData("field: vpcEndpointId\nexists: true", "(\"vpcEndpointId\")")]
    [InlineData("any:\n  - field: a\n    equals: x\n  - field: b\n    equals: y", "(\"x\" | \"y\")")]
    public void Guard_Derived_FromWhatAMatchMustContain(string condition, string expected)
    {
        Assert.Equal(expected, TestRules.FromCondition(condition).Guard?.ToString());
    }

    [Theory]
    [InlineData("not:\n  field: errorCode\n  exists: true")]
    [InlineData("field: eventName\nequals: StopLogging")]
    [InlineData("field: userAgent\ncase_insensitive: true\ncontains: trufflehog")]
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

        var admitted = index.Admit([guarded, open], Encoding.UTF8.GetBytes("""{"eventName":"GetObject"}"""));

        Assert.Equal(["Open"], admitted!.Select(r => r.Id));
    }
}
