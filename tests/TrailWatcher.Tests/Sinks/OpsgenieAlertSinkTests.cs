using System.Text.Json;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Sinks;
using TrailWatcher.Sinks.Opsgenie;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Sinks;

public sealed class OpsgenieAlertSinkTests
{
    private const string ApiKey = "0psg3n13-canary-key-4b1d-9e2f-000000000000";

    [Fact]
    public async Task Write_OneAlert_CreatesAnOpsgenieAlertAliasedByTheAlertIdWithTheGenieKey()
    {
        using var receiver = new WebhookReceiver(status: 202, path: "/v2/alerts");
        using var sink = new OpsgenieAlertSink(Options(receiver), TimeProvider.System);
        var alert = SeedAlerts.LoggingDisabled("og-1");

        await sink.WriteAsync([alert], CancellationToken.None);

        var request = Assert.Single(receiver.Requests);
        Assert.Equal("/v2/alerts", request.Path);
        Assert.Equal("GenieKey " + ApiKey, request.Header("Authorization"));
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
        var body = JsonDocument.Parse(request.Body).RootElement;
        var message = body.GetProperty("message").GetString()!;
        Assert.InRange(message.Length, 1, 130);
        Assert.StartsWith("[MEDIUM] ", message, StringComparison.Ordinal);
        Assert.Equal(alert.Id, body.GetProperty("alias").GetString());
        Assert.Equal("P3", body.GetProperty("priority").GetString());
        Assert.Equal("aws:111111111111/us-west-2", body.GetProperty("entity").GetString());
        var description = body.GetProperty("description").GetString()!;
        Assert.Contains(alert.Title, description, StringComparison.Ordinal);
        Assert.Contains("Actor: arn:aws:sts::111111111111:assumed-role/AdminRole/user_name from 1.2.3.4", description, StringComparison.Ordinal);
        Assert.Contains("Runbook:", description, StringComparison.Ordinal);
        Assert.Contains("https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html", description, StringComparison.Ordinal);
        var details = body.GetProperty("details");
        Assert.All(details.EnumerateObject(), p => Assert.Equal(JsonValueKind.String, p.Value.ValueKind));
        Assert.Equal(alert.Id, details.GetProperty("alert_id").GetString());
        Assert.Equal(SeedAlerts.RuleId, details.GetProperty("rule_id").GetString());
        Assert.Equal("PutBucketLogging", details.GetProperty("event_name").GetString());
        Assert.Contains(details.EnumerateObject(), p => p.Name.StartsWith("context.", StringComparison.Ordinal) && p.Value.GetString() == "critical-data-bucket");
        var tags = body.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToList();
        Assert.Equal(["TrailWatcher", "medium"], tags.Take(2));
        Assert.Equal(alert.Tags.Take(18), tags.Skip(2));
        Assert.False(body.TryGetProperty("note", out _));
    }

    [Fact]
    public async Task Write_LongTitleAndManyTags_StayWithinOpsgeniesLimits()
    {
        using var receiver = new WebhookReceiver(status: 202);
        using var sink = new OpsgenieAlertSink(Options(receiver), TimeProvider.System);
        var alert = SeedAlerts.LoggingDisabled("long") with
        {
            Title = new string('t', 400),
            Tags = [.. Enumerable.Range(0, 40).Select(i => $"tag-{i}-" + new string('x', 60))],
        };

        await sink.WriteAsync([alert], CancellationToken.None);

        var body = JsonDocument.Parse(Assert.Single(receiver.Requests).Body).RootElement;
        Assert.Equal(130, body.GetProperty("message").GetString()!.Length);
        Assert.EndsWith("…", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        var tags = body.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToList();
        Assert.Equal(20, tags.Count);
        Assert.All(tags, t => Assert.InRange(t.Length, 1, 50));
    }

    [Fact]
    public async Task Write_Update_UsesItsAlertsAliasAndSaysWhatItAdds()
    {
        using var receiver = new WebhookReceiver(status: 202);
        using var sink = new OpsgenieAlertSink(Options(receiver), TimeProvider.System);
        var alert = SeedAlerts.LoggingDisabled("og-2");
        var update = alert with { Id = "update-of-og-2", UpdateOf = alert.Id, Count = 3, EventIds = ["e2", "e3"] };

        await sink.WriteAsync([update], CancellationToken.None);

        var body = JsonDocument.Parse(Assert.Single(receiver.Requests).Body).RootElement;
        Assert.Equal(alert.Id, body.GetProperty("alias").GetString());
        Assert.Equal("3 matches so far; new events: e2, e3", body.GetProperty("note").GetString());
        Assert.Equal("update", body.GetProperty("details").GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData(Severity.Critical, "P1")]
    [InlineData(Severity.High, "P2")]
    [InlineData(Severity.Medium, "P3")]
    [InlineData(Severity.Low, "P4")]
    [InlineData(Severity.Info, "P5")]
    public async Task Write_Severity_IsMappedToAPriority(Severity severity, string expected)
    {
        using var receiver = new WebhookReceiver(status: 202);
        using var sink = new OpsgenieAlertSink(Options(receiver), TimeProvider.System);

        await sink.WriteAsync([SeedAlerts.LoggingDisabled("p") with { Severity = severity }], CancellationToken.None);

        Assert.Equal(expected, JsonDocument.Parse(Assert.Single(receiver.Requests).Body).RootElement.GetProperty("priority").GetString());
    }

    [Theory]
    [InlineData(401, true)]
    [InlineData(422, true)]
    [InlineData(500, false)]
    public async Task Write_Refused_NamesTheHostOnlyAndMarksRequestErrorsPermanent(int status, bool permanent)
    {
        using var receiver = new WebhookReceiver(status);
        using var sink = new OpsgenieAlertSink(Options(receiver), TimeProvider.System);

        var error = await Assert.ThrowsAsync<AlertSinkException>(async () => await sink.WriteAsync([SeedAlerts.LoggingDisabled("r")], CancellationToken.None));

        Assert.Equal(permanent, error.Permanent);
        Assert.Contains($"Opsgenie 127.0.0.1 answered HTTP {status}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_RateLimitedWithRetryAfter_WaitsAsLongAsOpsgenieAsked()
    {
        using var receiver = new WebhookReceiver(status: 429) { RetryAfter = "2" };

        var waited = await OneAlertSinkDrills.WaitAfterRefusalAsync(new OpsgenieAlertSink(Options(receiver), TimeProvider.System), receiver, acceptStatus: 202);

        Assert.InRange(waited, TimeSpan.FromSeconds(1.8), TimeSpan.FromSeconds(30));
        Assert.Equal([429, 202], receiver.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task Deliver_OpsgenieDownThenUp_HoldsEveryAlertThenDeliversEachOnceWithoutTheKeyInLogs()
    {
        using var receiver = new WebhookReceiver(status: 503);
        var alerts = SeedAlerts.Many(5, "og-outage");

        var outage = await OneAlertSinkDrills.DeliverThroughOutageAsync(new OpsgenieAlertSink(Options(receiver), TimeProvider.System), receiver, alerts, acceptStatus: 202);

        Assert.True(outage.Held, "an alert left or delivery ended while Opsgenie was down");
        Assert.True(outage.AttemptsDuringOutage >= 3, $"only {outage.AttemptsDuringOutage} attempts during the outage");
        Assert.Equal(alerts.Select(a => a.Id), receiver.Accepted.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("alias").GetString()));
        Assert.All(receiver.Requests, r => Assert.Equal("GenieKey " + ApiKey, r.Header("Authorization")));
        Assert.Contains(outage.Logs, text => text.Contains("HTTP 503", StringComparison.Ordinal));
        Assert.DoesNotContain(outage.Logs, text => text.Contains(ApiKey, StringComparison.Ordinal));
    }

    private static OpsgenieSinkOptions Options(WebhookReceiver receiver) => new() { Url = receiver.Url, ApiKey = ApiKey };
}
