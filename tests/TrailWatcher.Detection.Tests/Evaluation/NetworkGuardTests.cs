using System.Text;
using TrailWatcher.Detection.Evaluation;
using TrailWatcher.Detection.Reading;
using TrailWatcher.Detection.Tests.Reading;
using TrailWatcher.Detection.Tests.TestSupport;

namespace TrailWatcher.Detection.Tests.Evaluation;

/// <summary>
/// A rule that needs a call from outside some networks (a public address through a VPC endpoint) turns away, before
/// parsing, records whose every sourceIPAddress is inside them, and still admits every record it matches.
/// </summary>
public sealed class NetworkGuardTests
{
    private const string FromOutside = """
        all:
          - is: real_source_ip
          - not:
              field: sourceIPAddress
              cidr: [10.0.0.0/8, 192.168.0.0/16, fc00::/7]
        """;

    [Theory]
    [InlineData("""{"eventName":"GetObject","sourceIPAddress":"10.1.2.3"}""", false)]
    [InlineData("""{"eventName":"GetObject","sourceIPAddress" :  "192.168.7.9","userAgent":"aws-cli"}""", false)]
    [InlineData("""{"eventName":"GetObject","sourceIPAddress":"fc00::17"}""", false)]
    [InlineData("""{"requestParameters":{"sourceIPAddress":"10.0.0.1"},"sourceIPAddress":"10.2.2.2"}""", false)]
    [InlineData("""{"eventName":"GetObject","sourceIPAddress":"203.0.113.9"}""", true)]
    [InlineData("""{"eventName":"GetObject","sourceIPAddress":"2001:db8::1"}""", true)]
    [InlineData("""{"requestParameters":{"sourceIPAddress":"10.0.0.1"},"sourceIPAddress":"198.51.100.4"}""", true)]
    [InlineData("""{"sourceIPAddress":"198.51.100.4","sourceIPAddress":"10.0.0.1"}""", true)]
    [InlineData("""{"sourceIPAddress":"10.0.0.1","sourceIPAddress":"198.51.100.4"}""", true)]
    [InlineData("""{"eventName":"GetObject","sourceIPAddress":"s3.amazonaws.com"}""", true)]
    [InlineData("""{"eventName":"GetObject","sourceIPAddress":"10.1"}""", true)]
    [InlineData("""{"eventName":"GetObject","sourceIPAddress":null}""", true)]
    [InlineData("""{"eventName":"GetObject","sourceIPAddress":{"ip":"10.0.0.1"}}""", true)]
    [InlineData("""{"eventName":"GetObject","userAgent":"sourceIPAddress"}""", true)]
    [InlineData("""{"eventName":"GetObject"}""", true)]
    public void Guard_RejectsOnlyRecordsWhoseEveryAddressIsInside_AndAdmitsEveryMatch(string record, bool admitted)
    {
        var rule = TestRules.FromCondition(FromOutside);
        var current = ReadOne(record);

        Assert.Equal(admitted, new RuleIndex([rule]).Admit([rule], current.Json.Span, current.Traits, current.Identity) is not null);
        Assert.True(admitted || !rule.Matches(record));
    }

    [Fact]
    public void Guard_PublicAddressThatMatches_IsAdmittedAndRaises()
    {
        var rule = TestRules.FromCondition(FromOutside);
        var record = """{"eventName":"GetObject","sourceIPAddress":"203.0.113.9"}""";

        Assert.Contains("sourceIPAddress outside (10.0.0.0/8 | 192.168.0.0/16 | fc00::/7)", rule.Guard!.ToString(), StringComparison.Ordinal);
        Assert.True(rule.Matches(record));
    }

    [Fact]
    public void Guard_EscapedRecord_AdmittedWhateverItsAddress()
    {
        var rule = TestRules.FromCondition(FromOutside);
        var current = ReadOne("""{"eventName":"GetObject","sourceIPAddress":"10.0.0.1","source\u0049PAddress":"203.0.113.9"}""");

        Assert.NotNull(new RuleIndex([rule]).Admit([rule], current.Json.Span, current.Traits, current.Identity));
    }

    [Theory]
    [InlineData("not:\n  field: sourceIPAddress\n  cidr: [10.0.0.0/8]")]
    [InlineData("all:\n  - field: userAgent\n    exists: true\n  - not:\n      field: sourceIPAddress\n      cidr: [10.0.0.0/8]")]
    [InlineData("all:\n  - is: real_source_ip\n  - not:\n      field: requestParameters.sourceIPAddress\n      cidr: [10.0.0.0/8]")]
    public void Guard_FieldNotCertainlyAtTopLevel_NoAddressCheck(string condition)
    {
        // Without the field required at the top level, a record whose only address is nested, and inside, may match.
        var rule = TestRules.FromCondition(condition);

        Assert.DoesNotContain("outside", rule.Guard?.ToString() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public void Guard_ExistsSibling_ChecksTheAddress()
    {
        var rule = TestRules.FromCondition("all:\n  - field: sourceIPAddress\n    exists: true\n  - not:\n      field: sourceIPAddress\n      cidr: [10.0.0.0/8]");
        var inside = ReadOne("""{"sourceIPAddress":"10.9.9.9"}""");
        var outside = ReadOne("""{"sourceIPAddress":"203.0.113.9"}""");

        Assert.Null(new RuleIndex([rule]).Admit([rule], inside.Json.Span, inside.Traits, inside.Identity));
        Assert.NotNull(new RuleIndex([rule]).Admit([rule], outside.Json.Span, outside.Traits, outside.Identity));
        Assert.True(rule.Matches("""{"sourceIPAddress":"203.0.113.9"}"""));
    }

    private static RawRecord ReadOne(string record)
    {
        var log = Encoding.UTF8.GetBytes("{\"Records\":[" + record + "]}");
        using var reader = new CloudTrailReader(new ChunkedStream(log, () => 4096), "t", initialBufferSize: 16);
        Assert.True(reader.Read());
        return reader.Current with { Json = reader.Current.Json.ToArray() };
    }
}
