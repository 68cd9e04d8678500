using System.Text.Json;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Sinks;
using TrailWatcher.Sinks.PagerDuty;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Sinks;

public sealed class PagerDutyAlertSinkTests
{
    private const string RoutingKey = "R0UT1NGKEY0canary0000000000000PD";

    [Fact]
    public async Task Write_OneAlert_PostsATriggerEventKeyedByTheAlertId()
    {
        using var receiver = new WebhookReceiver(status: 202, path: "/v2/enqueue");
        using var sink = new PagerDutyAlertSink(Options(receiver), TimeProvider.System);
        var alert = SeedAlerts.LoggingDisabled("pd-1");

        await sink.WriteAsync([alert], CancellationToken.None);

        var request = Assert.Single(receiver.Requests);
        Assert.Equal("/v2/enqueue", request.Path);
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal(RoutingKey, body.GetProperty("routing_key").GetString());
        Assert.Equal("trigger", body.GetProperty("event_action").GetString());
        Assert.Equal(alert.Id, body.GetProperty("dedup_key").GetString());
        Assert.Equal("TrailWatcher", body.GetProperty("client").GetString());
        var payload = body.GetProperty("payload");
        var summary = payload.GetProperty("summary").GetString()!;
        Assert.StartsWith("[MEDIUM] ", summary, StringComparison.Ordinal);
        Assert.Contains(alert.Title, summary, StringComparison.Ordinal);
        Assert.Contains("arn:aws:sts::111111111111:assumed-role/AdminRole/user_name", summary, StringComparison.Ordinal);
        Assert.Equal("warning", payload.GetProperty("severity").GetString());
        Assert.Equal("aws:111111111111/us-west-2", payload.GetProperty("source").GetString());
        Assert.Equal("s3.amazonaws.com", payload.GetProperty("component").GetString());
        Assert.Equal(SeedAlerts.RuleId, payload.GetProperty("class").GetString());
        Assert.Equal("2024-01-15T10:50:00.000Z", payload.GetProperty("timestamp").GetString());
        var details = payload.GetProperty("custom_details");
        Assert.Equal(alert.Id, details.GetProperty("id").GetString());
        Assert.Contains("critical-data-bucket", details.GetProperty("context").GetRawText(), StringComparison.Ordinal);
        Assert.Equal(alert.Runbook, details.GetProperty("runbook").GetString());
        var links = details.GetProperty("references").EnumerateArray().Select(r => r.GetString()).ToList();
        Assert.Equal(links, body.GetProperty("links").EnumerateArray().Select(l => l.GetProperty("href").GetString()));
    }

    [Fact]
    public async Task Write_Update_ReusesTheDedupKeyOfItsAlertSoPagerDutyAddsToTheSameIncident()
    {
        using var receiver = new WebhookReceiver(status: 202);
        using var sink = new PagerDutyAlertSink(Options(receiver), TimeProvider.System);
        var alert = SeedAlerts.LoggingDisabled("pd-2");
        var update = alert with { Id = "update-of-pd-2", UpdateOf = alert.Id, Count = 4 };

        await sink.WriteAsync([alert], CancellationToken.None);
        await sink.WriteAsync([update], CancellationToken.None);

        var bodies = receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal([alert.Id, alert.Id], bodies.Select(b => b.GetProperty("dedup_key").GetString()));
        Assert.Contains("Update (4 matches so far): ", bodies[1].GetProperty("payload").GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Equal("update", bodies[1].GetProperty("payload").GetProperty("custom_details").GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData(Severity.Critical, "critical")]
    [InlineData(Severity.High, "error")]
    [InlineData(Severity.Medium, "warning")]
    [InlineData(Severity.Low, "info")]
    [InlineData(Severity.Info, "info")]
    public async Task Write_Severity_IsMappedToPagerDutys(Severity severity, string expected)
    {
        using var receiver = new WebhookReceiver(status: 202);
        using var sink = new PagerDutyAlertSink(Options(receiver), TimeProvider.System);

        await sink.WriteAsync([SeedAlerts.LoggingDisabled("sev") with { Severity = severity }], CancellationToken.None);

        Assert.Equal(expected, JsonDocument.Parse(Assert.Single(receiver.Requests).Body).RootElement.GetProperty("payload").GetProperty("severity").GetString());
    }

    [Fact]
    public async Task Write_OcsfFormat_CustomDetailsHoldTheDetectionFinding()
    {
        using var receiver = new WebhookReceiver(status: 202);
        var options = Options(receiver);
        options.Format = AlertFormat.Ocsf;
        using var sink = new PagerDutyAlertSink(options, TimeProvider.System);

        await sink.WriteAsync([SeedAlerts.LoggingDisabled("ocsf")], CancellationToken.None);

        var details = JsonDocument.Parse(Assert.Single(receiver.Requests).Body).RootElement.GetProperty("payload").GetProperty("custom_details");
        Assert.Equal(2004, details.GetProperty("class_uid").GetInt32());
    }

    [Fact]
    public async Task Write_InvalidEvent_IsPermanentAndNamesTheHostOnly()
    {
        using var receiver = new WebhookReceiver(status: 400);
        using var sink = new PagerDutyAlertSink(Options(receiver), TimeProvider.System);

        var error = await Assert.ThrowsAsync<AlertSinkException>(async () => await sink.WriteAsync([SeedAlerts.LoggingDisabled("bad")], CancellationToken.None));

        Assert.True(error.Permanent);
        Assert.Contains("PagerDuty 127.0.0.1 answered HTTP 400", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(RoutingKey, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(429, "7", 7.0)]
    [InlineData(503, "120", 120.0)]
    [InlineData(500, "7", null)]
    public async Task Write_RateLimitedOrUnavailable_IsRetriableAndCarriesRetryAfter(int status, string header, double? expectedSeconds)
    {
        using var receiver = new WebhookReceiver(status) { RetryAfter = header };
        using var sink = new PagerDutyAlertSink(Options(receiver), TimeProvider.System);

        var error = await Assert.ThrowsAsync<AlertSinkException>(async () => await sink.WriteAsync([SeedAlerts.LoggingDisabled("ra")], CancellationToken.None));

        Assert.False(error.Permanent);
        Assert.Equal(expectedSeconds, error.RetryAfter?.TotalSeconds);
    }

    [Fact]
    public async Task Deliver_RateLimitedWithRetryAfter_WaitsAsLongAsPagerDutyAsked()
    {
        using var receiver = new WebhookReceiver(status: 429) { RetryAfter = "2" };

        var waited = await OneAlertSinkDrills.WaitAfterRefusalAsync(new PagerDutyAlertSink(Options(receiver), TimeProvider.System), receiver, acceptStatus: 202);

        // The sink's own back-off starts at 20 ms: only PagerDuty's "come back in 2 s" explains the wait.
        Assert.InRange(waited, TimeSpan.FromSeconds(1.8), TimeSpan.FromSeconds(30));
        Assert.Equal([429, 202], receiver.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task Deliver_PagerDutyDownThenUp_HoldsEveryAlertThenDeliversEachOnceWithoutTheKeyInLogs()
    {
        using var receiver = new WebhookReceiver(status: 500);
        var alerts = SeedAlerts.Many(5, "outage");

        var outage = await OneAlertSinkDrills.DeliverThroughOutageAsync(new PagerDutyAlertSink(Options(receiver), TimeProvider.System), receiver, alerts, acceptStatus: 202);

        Assert.True(outage.Held, "an alert left or delivery ended while PagerDuty was down");
        Assert.True(outage.AttemptsDuringOutage >= 3, $"only {outage.AttemptsDuringOutage} attempts during the outage");
        var keys = receiver.Accepted.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("dedup_key").GetString()).ToList();
        Assert.Equal(alerts.Select(a => a.Id), keys);
        Assert.Equal(5, outage.Delivered);
        Assert.Contains(outage.Logs, text => text.Contains("HTTP 500", StringComparison.Ordinal));
        Assert.DoesNotContain(outage.Logs, text => text.Contains(RoutingKey, StringComparison.Ordinal));
    }

    private static PagerDutySinkOptions Options(WebhookReceiver receiver) => new() { Url = receiver.Url, RoutingKey = RoutingKey };
}
