using System.Text;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Sinks.Syslog;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Sinks;

public sealed class SyslogMessageTests
{
    [Fact]
    public void Format_Rfc5424_HeaderThenTheAlertAsEscapedStructuredDataThenTheTitle()
    {
        var alert = SeedAlerts.LoggingDisabled("sd-1") with { Actor = "arn:aws:iam::1:user/a\"b]c\\d" };
        var message = new SyslogMessage(new SyslogSinkOptions { Host = "siem", Facility = SyslogFacility.Local4 }, "tw-host", 4242);

        var text = message.Format(alert);

        // local4 (20) * 8 + warning (4, for medium) = 164; the timestamp is when TrailWatcher raised the alert.
        Assert.StartsWith($"<164>1 2024-01-15T10:50:00.000Z tw-host trailwatcher 4242 alert [trailwatcher@32473 id=\"{alert.Id}\" rule=\"AWS.S3.DisableBucketLogging\" severity=\"medium\" ", text, StringComparison.Ordinal);
        Assert.Contains(" actor=\"arn:aws:iam::1:user/a\\\"b\\]c\\\\d\" ", text, StringComparison.Ordinal);
        Assert.Contains(" eventTime=\"2024-01-15T10:45:23Z\" ", text, StringComparison.Ordinal);
        Assert.Contains(" account=\"111111111111\" region=\"us-west-2\" ", text, StringComparison.Ordinal);
        Assert.EndsWith("] " + alert.Title, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_Cef_NoStructuredDataAndACefRecordInMsg()
    {
        var alert = SeedAlerts.LoggingDisabled("cef-1") with { Title = "a|b\\c", UserAgent = "k=v\nnext" };
        var message = new SyslogMessage(new SyslogSinkOptions { Host = "siem", Style = SyslogStyle.Cef }, "tw-host", 7);

        var text = message.Format(alert);

        Assert.StartsWith("<36>1 2024-01-15T10:50:00.000Z tw-host trailwatcher 7 alert - CEF:0|TrailWatcher|TrailWatcher|", text, StringComparison.Ordinal);
        Assert.Contains("|AWS.S3.DisableBucketLogging|a\\|b\\\\c|5|externalId=" + alert.Id + " rt=1705315523000 cat=s3.amazonaws.com act=PutBucketLogging ", text, StringComparison.Ordinal);
        Assert.Contains(" src=1.2.3.4 ", text, StringComparison.Ordinal);
        Assert.Contains(" requestClientApplication=k\\=v\\nnext ", text, StringComparison.Ordinal);
        Assert.Contains(" cs1Label=accountId cs1=111111111111 ", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', text);
    }

    [Theory]
    [InlineData(Severity.Critical, 2, 10)]
    [InlineData(Severity.High, 3, 8)]
    [InlineData(Severity.Medium, 4, 5)]
    [InlineData(Severity.Low, 5, 3)]
    [InlineData(Severity.Info, 6, 1)]
    public void Severity_Ours_MapsToSyslogAndCefSeverities(Severity severity, int syslog, int cef)
    {
        Assert.Equal(syslog, SyslogMessage.Severity(severity));
        Assert.Equal(cef, CefRecord.Severity(severity));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("q\"uote", "q\\\"uote")]
    [InlineData("back\\slash", "back\\\\slash")]
    [InlineData("br]acket", "br\\]acket")]
    [InlineData("[=open ok", "[=open ok")]
    public void AppendParamValue_Rfc5424Section6_3_3_EscapesQuoteBackslashAndClosingBracketOnly(string value, string expected) =>
        Assert.Equal(expected, SyslogMessage.AppendParamValue(new StringBuilder(), value).ToString());
}
