using System.Web;
using Amazon.Runtime;
using TrailWatcher.Aws;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Sinks;
using TrailWatcher.Sinks.Sns;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Sinks;

/// <summary>The SNS sink's request and its error handling; delivery through a topic to a queue is in the integration tests.</summary>
public sealed class SnsAlertSinkTests
{
    private const string Topic = "arn:aws:sns:us-west-2:111111111111:security-alerts";

    [Fact]
    public async Task Write_OneAlert_PublishesTheAlertJsonSignedForSnsInTheTopicsRegion()
    {
        using var receiver = new WebhookReceiver(status: 200, path: "/");
        using var sink = Sink(receiver, Topic);
        var alert = SeedAlerts.LoggingDisabled("sns-1");

        await sink.WriteAsync([alert], CancellationToken.None);

        var request = Assert.Single(receiver.Requests);
        Assert.Equal("application/x-www-form-urlencoded; charset=utf-8", request.Header("Content-Type"));
        Assert.Matches(@"^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\d{8}/us-west-2/sns/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=[0-9a-f]{64}$", request.Header("Authorization"));
        var form = HttpUtility.ParseQueryString(request.Body);
        Assert.Equal("Publish", form["Action"]);
        Assert.Equal("2010-03-31", form["Version"]);
        Assert.Equal(Topic, form["TopicArn"]);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(TrailWatcher.Detection.Alerts.AlertJson.ToUtf8(alert)), form["Message"]);
        Assert.Equal(["rule_id", "severity", "alert_id", "kind"], Enumerable.Range(1, 4).Select(i => form[$"MessageAttributes.entry.{i}.Name"]));
        Assert.Equal([SeedAlerts.RuleId, "medium", alert.Id, "alert"], Enumerable.Range(1, 4).Select(i => form[$"MessageAttributes.entry.{i}.Value.StringValue"]));
        Assert.Null(form["MessageGroupId"]);
        Assert.Null(form["MessageDeduplicationId"]);
    }

    [Fact]
    public async Task Write_FifoTopic_GroupsByRuleAndDeduplicatesByAlertId()
    {
        using var receiver = new WebhookReceiver(status: 200, path: "/");
        using var sink = Sink(receiver, Topic + ".fifo");
        var alert = SeedAlerts.LoggingDisabled("sns-fifo");

        await sink.WriteAsync([alert], CancellationToken.None);

        var form = HttpUtility.ParseQueryString(Assert.Single(receiver.Requests).Body);
        Assert.Equal(SeedAlerts.RuleId, form["MessageGroupId"]);
        Assert.Equal(alert.Id, form["MessageDeduplicationId"]);
    }

    [Fact]
    public async Task Write_NonAsciiLongTitle_SubjectStaysWithinSnsRules()
    {
        using var receiver = new WebhookReceiver(status: 200, path: "/");
        using var sink = Sink(receiver, Topic);

        await sink.WriteAsync([SeedAlerts.LoggingDisabled("s") with { Title = "Zugriff verweigert für Schlüssel\n" + new string('x', 200), Severity = Severity.Critical }], CancellationToken.None);

        var subject = HttpUtility.ParseQueryString(Assert.Single(receiver.Requests).Body)["Subject"]!;
        Assert.StartsWith("[CRITICAL] Zugriff verweigert f?r Schl?ssel?x", subject, StringComparison.Ordinal);
        Assert.Equal(100, subject.Length);
        Assert.All(subject, c => Assert.InRange(c, ' ', '~'));
    }

    [Theory]
    [InlineData(403, true)]
    [InlineData(404, true)]
    [InlineData(500, false)]
    [InlineData(503, false)]
    public async Task Write_Refused_OnlyRequestErrorsArePermanent(int status, bool permanent)
    {
        using var receiver = new WebhookReceiver(status, path: "/");
        using var sink = Sink(receiver, Topic);

        var error = await Assert.ThrowsAsync<AlertSinkException>(async () => await sink.WriteAsync([SeedAlerts.LoggingDisabled("e")], CancellationToken.None));

        Assert.Equal(permanent, error.Permanent);
        Assert.Contains($"SNS 127.0.0.1 answered HTTP {status}", error.Message, StringComparison.Ordinal);
    }

    private static SnsAlertSink Sink(WebhookReceiver receiver, string topic) =>
        SnsAlertSink.Create(new SnsSinkOptions { TopicArn = topic, ServiceUrl = receiver.Url }, new AwsOptions(), TimeProvider.System, () => new BasicAWSCredentials("AKIDEXAMPLE", "canary-sns-secret"));
}
