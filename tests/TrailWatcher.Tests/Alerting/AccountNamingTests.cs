using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using TrailWatcher.Alerting;
using TrailWatcher.Detection.Accounts;
using TrailWatcher.Sinks;
using TrailWatcher.Sinks.Teams;
using TrailWatcher.Sinks.Webhook;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Alerting;

public sealed class AccountNamingTests
{
    private static readonly AccountDirectory Accounts = new([new AccountInfo("111111111111", "payments-prod", "prod", "team-payments")]);

    [Fact]
    public async Task Deliver_NamedAccount_EverySinkSeesTheAccountInItsOwnRendering()
    {
        using var slack = new WebhookReceiver(status: 200);
        using var teams = new WebhookReceiver(status: 202);
        var recording = new RecordingSink();
        var slackOptions = new WebhookSinkOptions { Url = slack.Url, Style = WebhookStyle.Slack };
        var teamsOptions = new TeamsSinkOptions { Url = teams.Url };
        await using var dispatcher = new AlertDispatcher(
            [
                ResilientSink.Create(new WebhookAlertSink(slackOptions, TimeProvider.System), SinkTestOptions.Fast(), TimeProvider.System, NullLogger.Instance),
                ResilientSink.Create(new TeamsAlertSink(teamsOptions, TimeProvider.System), SinkTestOptions.Fast(), TimeProvider.System, NullLogger.Instance),
                ResilientSink.Create(recording, SinkTestOptions.Fast(), TimeProvider.System, NullLogger.Instance),
            ],
            NullLogger<AlertDispatcher>.Instance,
            new AccountNaming(Accounts));

        await dispatcher.DeliverAsync([SeedAlerts.LoggingDisabled("named")], CancellationToken.None);

        var native = JsonDocument.Parse(AlertPayload.ToUtf8(Assert.Single(recording.Accepted), AlertFormat.Native)).RootElement;
        Assert.Equal("payments-prod", native.GetProperty("account").GetProperty("name").GetString());
        Assert.Equal("prod", native.GetProperty("account").GetProperty("environment").GetString());
        Assert.Equal("team-payments", native.GetProperty("account").GetProperty("owner").GetString());

        var slackMessage = JsonDocument.Parse(Assert.Single(slack.Requests).Body).RootElement;
        Assert.Contains("in payments-prod (111111111111, prod) / ", slackMessage.GetProperty("text").GetString(), StringComparison.Ordinal);
        var slackFields = slackMessage.GetProperty("blocks").EnumerateArray()
            .Where(b => b.TryGetProperty("fields", out _))
            .SelectMany(b => b.GetProperty("fields").EnumerateArray())
            .Select(f => f.GetProperty("text").GetString()!)
            .ToList();
        Assert.Contains(slackFields, f => f.Contains("payments-prod (111111111111, prod) / ", StringComparison.Ordinal));
        Assert.Contains(slackFields, f => f.Contains("Account owner", StringComparison.Ordinal) && f.Contains("team-payments", StringComparison.Ordinal));

        var card = JsonDocument.Parse(Assert.Single(teams.Requests).Body).RootElement.GetProperty("attachments")[0].GetProperty("content");
        var facts = card.GetProperty("body")[1].GetProperty("facts").EnumerateArray().ToDictionary(f => f.GetProperty("title").GetString()!, f => f.GetProperty("value").GetString()!);
        Assert.Equal(TeamsCard.Escape("payments-prod (111111111111, prod)"), facts["Account"]);
        Assert.Equal(TeamsCard.Escape("team-payments"), facts["Account owner"]);
    }

    [Fact]
    public async Task Deliver_AccountTheDirectoryDoesNotList_KeepsTheBareIdEverywhere()
    {
        using var slack = new WebhookReceiver(status: 200);
        var recording = new RecordingSink();
        var slackOptions = new WebhookSinkOptions { Url = slack.Url, Style = WebhookStyle.Slack };
        await using var dispatcher = new AlertDispatcher(
            [
                ResilientSink.Create(new WebhookAlertSink(slackOptions, TimeProvider.System), SinkTestOptions.Fast(), TimeProvider.System, NullLogger.Instance),
                ResilientSink.Create(recording, SinkTestOptions.Fast(), TimeProvider.System, NullLogger.Instance),
            ],
            NullLogger<AlertDispatcher>.Instance,
            new AccountNaming(Accounts));

        await dispatcher.DeliverAsync([SeedAlerts.LoggingDisabled("other") with { AccountId = "999999999999" }], CancellationToken.None);

        Assert.Null(Assert.Single(recording.Accepted).Account);
        Assert.Contains("in 999999999999/", JsonDocument.Parse(Assert.Single(slack.Requests).Body).RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);
    }
}
