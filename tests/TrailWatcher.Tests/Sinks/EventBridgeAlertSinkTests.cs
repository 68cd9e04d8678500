using System.Text.Json;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using TrailWatcher.Aws;
using TrailWatcher.Sinks;
using TrailWatcher.Sinks.EventBridge;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Sinks;

public sealed class EventBridgeAlertSinkTests
{
    private const string SecretKey = "canary-eventbridge-secret-0123456789";
    private const string SessionToken = "canary-eventbridge-session-token";

    [Fact]
    public async Task Deliver_12Alerts_TwoSignedPutEventsOnTheNamedBusWithTheAlertAsDetail()
    {
        using var recorder = new EventBridgeRecorder(SecretKey);
        using var loggers = new CapturingLoggerProvider().CreateFactory();
        await using var dispatcher = Dispatcher(Sink(recorder, new EventBridgeSinkOptions { EventBusName = "security-alerts", Region = "eu-west-1" }), loggers);
        var alerts = SeedAlerts.Many(12, "eb");

        await dispatcher.DeliverAsync(alerts, CancellationToken.None);

        Assert.Empty(recorder.Refusals);
        Assert.Equal(2, recorder.Requests);
        var accepted = recorder.Accepted;
        Assert.Equal(alerts.Select(a => a.Id), accepted.Select(e => JsonDocument.Parse(e.Detail).RootElement.GetProperty("id").GetString()));
        Assert.All(accepted, e =>
        {
            Assert.Equal("security-alerts", e.EventBusName);
            Assert.Equal("trailwatcher", e.Source);
            Assert.Equal("TrailWatcher Alert", e.DetailType);
            Assert.Equal("eu-west-1", e.SignedRegion);
            Assert.Equal(SessionToken, e.SecurityToken);
            Assert.Equal("2024-01-15T10:50:00.000Z", e.Time);
            Assert.Equal("trailwatcher.alert/1", JsonDocument.Parse(e.Detail).RootElement.GetProperty("schema").GetString());
        });
    }

    [Fact]
    public async Task Deliver_UpdateToABusArnWithOwnSource_DetailTypeSaysUpdateAndTheArnsRegionSigns()
    {
        using var recorder = new EventBridgeRecorder(SecretKey);
        using var loggers = new CapturingLoggerProvider().CreateFactory();
        var options = new EventBridgeSinkOptions { EventBusName = "arn:aws:events:ap-southeast-2:111111111111:event-bus/security", Source = "acme.trailwatcher", Region = "eu-west-1" };
        await using var dispatcher = Dispatcher(Sink(recorder, options), loggers);
        var alert = SeedAlerts.LoggingDisabled("eb-update");

        await dispatcher.DeliverAsync([alert with { Id = "u1", UpdateOf = alert.Id, Count = 2 }], CancellationToken.None);

        var entry = Assert.Single(recorder.Accepted);
        Assert.Equal("TrailWatcher Alert Update", entry.DetailType);
        Assert.Equal("acme.trailwatcher", entry.Source);
        Assert.Equal("ap-southeast-2", entry.SignedRegion);
        Assert.Equal(alert.Id, JsonDocument.Parse(entry.Detail).RootElement.GetProperty("alert_id").GetString());
    }

    [Fact]
    public async Task Deliver_OneEntryRefused_OnlyThatEntryIsSentAgain()
    {
        using var recorder = new EventBridgeRecorder(SecretKey);
        using var loggers = new CapturingLoggerProvider().CreateFactory();
        await using var dispatcher = Dispatcher(Sink(recorder, new EventBridgeSinkOptions { EventBusName = "default", Region = "us-east-1" }), loggers);
        var alerts = SeedAlerts.Many(3, "eb-partial");
        recorder.RefuseEntry(alerts[1].Id, times: 2);

        await dispatcher.DeliverAsync(alerts, CancellationToken.None);

        Assert.Equal(3, recorder.Requests);
        Assert.Equal([alerts[0].Id, alerts[2].Id, alerts[1].Id], recorder.Accepted.Select(e => JsonDocument.Parse(e.Detail).RootElement.GetProperty("id").GetString()));
        Assert.Equal(3, dispatcher.Statuses[0].Delivered);
    }

    [Fact]
    public async Task Deliver_ThrottledThenDownThenUp_HoldsEveryAlertThenPutsEachOnceWithoutCredentialsInLogs()
    {
        using var recorder = new EventBridgeRecorder(SecretKey) { Outage = (400, "ThrottlingException") };
        var logs = new CapturingLoggerProvider();
        using var loggers = logs.CreateFactory();
        await using var dispatcher = Dispatcher(Sink(recorder, new EventBridgeSinkOptions { EventBusName = "default", Region = "us-east-1" }), loggers);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var alerts = SeedAlerts.Many(4, "eb-outage");

        var delivery = dispatcher.DeliverAsync(alerts, cts.Token).AsTask();
        await Task.Delay(TimeSpan.FromSeconds(0.8), cts.Token);
        recorder.Outage = (500, "InternalException");
        await Task.Delay(TimeSpan.FromSeconds(0.8), cts.Token);
        Assert.False(delivery.IsCompleted);
        Assert.Empty(recorder.Accepted);
        recorder.Outage = null;
        await delivery.WaitAsync(cts.Token);

        Assert.Equal(alerts.Select(a => a.Id), recorder.Accepted.Select(e => JsonDocument.Parse(e.Detail).RootElement.GetProperty("id").GetString()));
        Assert.Contains(logs.Entries, e => e.Text.Contains("ThrottlingException", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Text.Contains("InternalException", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Text.Contains(SecretKey, StringComparison.Ordinal) || e.Text.Contains(SessionToken, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(400, "AccessDeniedException", true)]
    [InlineData(400, "ResourceNotFoundException", true)]
    [InlineData(400, "ThrottlingException", false)]
    [InlineData(503, "ServiceUnavailableException", false)]
    public async Task Write_Refused_NamesTheErrorCodeAndOnlyRequestErrorsArePermanent(int status, string type, bool permanent)
    {
        using var recorder = new EventBridgeRecorder(SecretKey) { Outage = (status, type) };
        using var sink = Sink(recorder, new EventBridgeSinkOptions { EventBusName = "default", Region = "us-east-1" });

        var error = await Assert.ThrowsAsync<AlertSinkException>(async () => await sink.WriteAsync([SeedAlerts.LoggingDisabled("x")], CancellationToken.None));

        Assert.Equal(permanent, error.Permanent);
        Assert.Contains($"EventBridge 127.0.0.1 answered HTTP {status} {type}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_WrongSecretKey_IsRefusedByTheSignatureCheck()
    {
        using var recorder = new EventBridgeRecorder("another-secret");
        using var sink = Sink(recorder, new EventBridgeSinkOptions { EventBusName = "default", Region = "us-east-1" });

        var error = await Assert.ThrowsAsync<AlertSinkException>(async () => await sink.WriteAsync([SeedAlerts.LoggingDisabled("x")], CancellationToken.None));

        Assert.True(error.Permanent);
        Assert.Contains("InvalidSignatureException", error.Message, StringComparison.Ordinal);
        Assert.Contains("the signature does not match", Assert.Single(recorder.Refusals), StringComparison.Ordinal);
    }

    private static EventBridgeAlertSink Sink(EventBridgeRecorder recorder, EventBridgeSinkOptions options)
    {
        options.ServiceUrl = recorder.Url;
        return EventBridgeAlertSink.Create(options, new AwsOptions(), TimeProvider.System, () => new SessionAWSCredentials("ASIAEXAMPLEKEY", SecretKey, SessionToken));
    }

    private static AlertDispatcher Dispatcher(IAlertSink sink, ILoggerFactory loggers) => new(
        [ResilientSink.Create(sink, SinkTestOptions.Fast(), TimeProvider.System, loggers.CreateLogger<ResilientSink>())],
        loggers.CreateLogger<AlertDispatcher>());
}
