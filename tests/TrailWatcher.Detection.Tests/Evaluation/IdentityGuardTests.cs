using System.Text;
using TrailWatcher.Detection.Evaluation;
using TrailWatcher.Detection.Reading;
using TrailWatcher.Detection.Tests.Reading;
using TrailWatcher.Detection.Tests.TestSupport;

namespace TrailWatcher.Detection.Tests.Evaluation;

/// <summary>
/// The reader marks where the record's userIdentity value stands, and a guard on fields below userIdentity searches only
/// there: "Root" elsewhere in the record no longer costs a parse, and nothing a rule matches is turned away.
/// </summary>
public sealed class IdentityGuardTests
{
    private const string Identity = """{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/ana","sessionContext":{"attributes":{"mfaAuthenticated":"false"}}}""";

    [Theory]
    [InlineData("""{"eventVersion":"1.08","userIdentity":IDENTITY,"eventName":"GetObject"}""")]
    [InlineData("""{"eventVersion":"1.08","userIdentity" :	IDENTITY ,"eventName":"GetObject"}""")]
    [InlineData("""{"userIdentity":IDENTITY}""")]
    [InlineData("""{"requestParameters":{"userIdentity":{"type":"Root"}},"userIdentity":IDENTITY,"responseElements":null}""")]
    public void Reader_MarksTheTopLevelUserIdentityValue_WhateverTheLayoutAndBufferSize(string record)
    {
        record = record.Replace("IDENTITY", Identity, StringComparison.Ordinal);
        foreach (var chunk in new[] { 1, 7, 4096 })
        {
            var current = ReadOne(record, chunk);

            Assert.Equal(Identity, Encoding.UTF8.GetString(current.Json.Span[current.Identity]));
        }
    }

    [Theory]
    [InlineData("""{"eventName":"GetObject"}""")]
    [InlineData("""{"userIdentity":"Root","eventName":"GetObject"}""")]
    [InlineData("""{"userIdentity":null}""")]
    [InlineData("""{"requestParameters":{"userIdentity":{"type":"IAMUser"}}}""")]
    [InlineData("""{"userIdentity":{"type":"IAMUser"},"userIdentity":{"type":"Root"}}""")]
    public void Reader_NoSingleUserIdentityObject_LeavesItUnknown(string record)
    {
        Assert.Equal(default, ReadOne(record, 4096).Identity);
    }

    [Theory]
    [InlineData("""{"userIdentity":{"type":"IAMUser"},"requestParameters":{"note":"Root"}}""", false)]
    [InlineData("""{"userIdentity":{"type":"Root","arn":"arn:aws:iam::111122223333:root"},"eventName":"GetObject"}""", true)]
    [InlineData("""{"userIdentity":{"type":"IAMUser"},"userIdentity":{"type":"Root"},"requestParameters":{"note":"x"}}""", true)]
    [InlineData("""{"userIdentity":{"type":"IAMUser","invokedBy":"Root"},"eventName":"GetObject"}""", true)]
    public void RootGuard_SearchesOnlyTheIdentity_AndAdmitsEveryRecordTheRuleMatches(string record, bool admitted)
    {
        var rule = TestRules.FromCondition("is: root");
        var current = ReadOne(record, 4096);

        Assert.Equal(admitted, new RuleIndex([rule]).Admit([rule], current.Json.Span, current.Traits, current.Identity) is not null);
        Assert.True(admitted || !rule.Matches(record));

        // Without the identity marked, the whole record is searched, as before.
        Assert.NotNull(new RuleIndex([rule]).Admit([rule], current.Json.Span, current.Traits));
    }

    [Fact]
    public void Guard_ClauseMixingIdentityAndOtherFields_SearchesTheWholeRecord()
    {
        var rule = TestRules.FromCondition("any:\n  - field: userIdentity.type\n    equals: Root\n  - field: requestParameters.owner\n    equals: Root");
        var record = """{"userIdentity":{"type":"IAMUser"},"requestParameters":{"owner":"Root"}}""";
        var current = ReadOne(record, 4096);

        Assert.Equal("(\"Root\")", rule.Guard!.ToString());
        Assert.NotNull(new RuleIndex([rule]).Admit([rule], current.Json.Span, current.Traits, current.Identity));
        Assert.True(rule.Matches(record));
    }

    [Fact]
    public void Guard_RecordWithEscapes_AdmittedWhateverTheIdentitySays()
    {
        var rule = TestRules.FromCondition("field: userIdentity.type\nequals: Root");
        var record = """{"userIdentity":{"type":"IAMUser"},"user\u0049dentity":{"type":"Root"}}""";
        var current = ReadOne(record, 4096);

        Assert.NotNull(new RuleIndex([rule]).Admit([rule], current.Json.Span, current.Traits, current.Identity));
        Assert.True(rule.Matches(record));
    }

    private static RawRecord ReadOne(string record, int chunk)
    {
        var log = Encoding.UTF8.GetBytes("{\"Records\":[" + record + "]}");
        var reader = new CloudTrailReader(new ChunkedStream(log, () => chunk), "t", initialBufferSize: 16);
        Assert.True(reader.Read());
        var current = reader.Current with { Json = reader.Current.Json.ToArray() };
        Assert.False(reader.Read());
        reader.Dispose();
        return current;
    }
}
