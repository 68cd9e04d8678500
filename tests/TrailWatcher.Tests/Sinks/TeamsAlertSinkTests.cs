using System.Text.Json;
using TrailWatcher.Sinks;
using TrailWatcher.Sinks.Teams;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Sinks;

public sealed class TeamsAlertSinkTests
{
    // A Workflows URL carries its signature in the query string.
    private const string Signature = "teamsSIGcanary0123456789abcdef";

    [Fact]
    public async Task Write_OneAlert_PostsAMessageWithAnAdaptiveCardAResponderCanActOn()
    {
        using var receiver = new WebhookReceiver(status: 202);
        using var sink = new TeamsAlertSink(Options(receiver), TimeProvider.System);
        var alert = SeedAlerts.LoggingDisabled("teams-1");

        await sink.WriteAsync([alert], CancellationToken.None);

        var request = Assert.Single(receiver.Requests);
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
        var message = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("message", message.GetProperty("type").GetString());
        var attachment = Assert.Single(message.GetProperty("attachments").EnumerateArray());
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        var card = attachment.GetProperty("content");
        Assert.Equal("AdaptiveCard", card.GetProperty("type").GetString());
        Assert.Equal("1.4", card.GetProperty("version").GetString());
        var body = card.GetProperty("body");
        var title = body[0];
        Assert.Equal("TextBlock", title.GetProperty("type").GetString());
        Assert.Equal("[MEDIUM] " + TeamsCard.Escape(alert.Title), title.GetProperty("text").GetString());
        Assert.Equal("Warning", title.GetProperty("color").GetString());
        var facts = body[1].GetProperty("facts").EnumerateArray().ToDictionary(f => f.GetProperty("title").GetString()!, f => f.GetProperty("value").GetString()!);
        Assert.Equal("medium (risk 47)", facts["Severity"]);
        Assert.Equal(TeamsCard.Escape(SeedAlerts.RuleId), facts["Rule"]);
        Assert.Equal(TeamsCard.Escape("arn:aws:sts::111111111111:assumed-role/AdminRole/user_name"), facts["Actor"]);
        Assert.Contains(TeamsCard.Escape("critical-data-bucket"), facts.Values);
        Assert.Equal("111111111111", facts["Account"]);
        Assert.Equal("us-west-2", facts["Region"]);
        Assert.Equal("1.2.3.4", facts["Source IP"]);
        Assert.Equal(alert.Id, facts["Alert id"]);
        Assert.Equal("**Runbook**", body[2].GetProperty("text").GetString());
        Assert.Contains("1. Identify the bucket (context.bucket)", body[3].GetProperty("text").GetString(), StringComparison.Ordinal);
        var actions = card.GetProperty("actions").EnumerateArray().ToList();
        Assert.All(actions, a => Assert.Equal("Action.OpenUrl", a.GetProperty("type").GetString()));
        Assert.Equal(alert.References.Take(5), actions.Select(a => a.GetProperty("url").GetString()));
    }

    [Fact]
    public async Task Write_CallerControlledText_CannotBecomeALinkOrFormatting()
    {
        using var receiver = new WebhookReceiver(status: 202);
        using var sink = new TeamsAlertSink(Options(receiver), TimeProvider.System);
        var alert = SeedAlerts.LoggingDisabled("teams-md") with { Actor = "[reset your password](https://evil.example/login) **now**" };

        await sink.WriteAsync([alert], CancellationToken.None);

        var card = JsonDocument.Parse(Assert.Single(receiver.Requests).Body).RootElement.GetProperty("attachments")[0].GetProperty("content");
        var actor = card.GetProperty("body")[1].GetProperty("facts").EnumerateArray().Single(f => f.GetProperty("title").GetString() == "Actor").GetProperty("value").GetString();
        Assert.Equal(@"\[reset your password\](https://evil.example/login) \*\*now\*\*", actor);
    }

    [Fact]
    public async Task Write_Update_SaysSoAndNamesTheAlertItContinues()
    {
        using var receiver = new WebhookReceiver(status: 202);
        using var sink = new TeamsAlertSink(Options(receiver), TimeProvider.System);
        var alert = SeedAlerts.LoggingDisabled("teams-2");

        await sink.WriteAsync([alert with { Id = "u2", UpdateOf = alert.Id, Count = 6 }], CancellationToken.None);

        var body = JsonDocument.Parse(Assert.Single(receiver.Requests).Body).RootElement.GetProperty("attachments")[0].GetProperty("content").GetProperty("body");
        Assert.StartsWith("[MEDIUM] Update (6 matches so far): ", body[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        var facts = body[1].GetProperty("facts").EnumerateArray().ToDictionary(f => f.GetProperty("title").GetString()!, f => f.GetProperty("value").GetString()!);
        Assert.Equal(alert.Id, facts["Update of"]);
    }

    [Fact]
    public async Task Write_Refused_NamesTheHostOnly()
    {
        using var receiver = new WebhookReceiver(status: 400, path: "/workflows/abc/triggers/manual/paths/invoke");
        using var sink = new TeamsAlertSink(Options(receiver), TimeProvider.System);

        var error = await Assert.ThrowsAsync<AlertSinkException>(async () => await sink.WriteAsync([SeedAlerts.LoggingDisabled("r")], CancellationToken.None));

        Assert.True(error.Permanent);
        Assert.Equal("Teams 127.0.0.1 answered HTTP 400 Bad Request", error.Message);
    }

    [Fact]
    public async Task Deliver_RateLimitedWithRetryAfter_WaitsAsLongAsTeamsAsked()
    {
        using var receiver = new WebhookReceiver(status: 429) { RetryAfter = "2" };

        var waited = await OneAlertSinkDrills.WaitAfterRefusalAsync(new TeamsAlertSink(Options(receiver), TimeProvider.System), receiver, acceptStatus: 202);

        Assert.InRange(waited, TimeSpan.FromSeconds(1.8), TimeSpan.FromSeconds(30));
        Assert.Equal([429, 202], receiver.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task Deliver_TeamsDownThenUp_HoldsEveryAlertThenPostsEachOnceWithoutTheUrlInLogs()
    {
        using var receiver = new WebhookReceiver(status: 502);
        var alerts = SeedAlerts.Many(4, "teams-outage");

        var outage = await OneAlertSinkDrills.DeliverThroughOutageAsync(new TeamsAlertSink(Options(receiver), TimeProvider.System), receiver, alerts, acceptStatus: 200);

        Assert.True(outage.Held, "an alert left or delivery ended while Teams was down");
        Assert.True(outage.AttemptsDuringOutage >= 3, $"only {outage.AttemptsDuringOutage} attempts during the outage");
        var ids = receiver.Accepted.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("attachments")[0].GetProperty("content").GetProperty("body")[1]
            .GetProperty("facts").EnumerateArray().Single(f => f.GetProperty("title").GetString() == "Alert id").GetProperty("value").GetString());
        Assert.Equal(alerts.Select(a => a.Id), ids);
        Assert.Contains(outage.Logs, text => text.Contains("HTTP 502", StringComparison.Ordinal));
        Assert.DoesNotContain(outage.Logs, text => text.Contains(Signature, StringComparison.Ordinal) || text.Contains("/hook", StringComparison.Ordinal));
    }

    private static TeamsSinkOptions Options(WebhookReceiver receiver) => new() { Url = $"{receiver.Url}?api-version=2016-06-01&sig={Signature}" };
}
