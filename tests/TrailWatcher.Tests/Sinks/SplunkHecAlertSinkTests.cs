using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TrailWatcher.Sinks;
using TrailWatcher.Sinks.SplunkHec;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Sinks;

public sealed class SplunkHecAlertSinkTests
{
    private const string Token = "0a1b2c3d-hec-token-secret";
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Write_Batch_PostsConcatenatedEventsWithMetadataAndTheSplunkAuthorization()
    {
        using var hec = new SplunkHecReceiver(Token);
        using var sink = new SplunkHecAlertSink(Options(hec, o => { o.Index = "aws_alerts"; o.Source = "trailwatcher:prod"; o.Host = "tw-1"; }), TimeProvider.System);
        var alerts = SeedAlerts.Many(3);

        await sink.WriteAsync(alerts, CancellationToken.None);

        var request = Assert.Single(hec.Requests);
        Assert.Equal("/services/collector/event", request.Path);
        Assert.Equal("Splunk " + Token, request.Header("Authorization"));
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Null(request.Header(SplunkHecAlertSink.ChannelHeader));
        var events = SplunkHecReceiver.Events(request.Body);
        Assert.Equal(3, events.Count);
        for (var i = 0; i < 3; i++)
        {
            var e = events[i];
            // CloudTrail's eventTime 2024-01-15T10:45:23Z, not the detection time.
            Assert.Equal(1705315523m, e.GetProperty("time").GetDecimal());
            Assert.Equal("trailwatcher:alert", e.GetProperty("sourcetype").GetString());
            Assert.Equal("aws_alerts", e.GetProperty("index").GetString());
            Assert.Equal("trailwatcher:prod", e.GetProperty("source").GetString());
            Assert.Equal("tw-1", e.GetProperty("host").GetString());
            Assert.Equal(alerts[i].Id, e.GetProperty("fields").GetProperty("alert_id").GetString());
            Assert.Equal("medium", e.GetProperty("fields").GetProperty("severity").GetString());
            Assert.Equal(SeedAlerts.RuleId, e.GetProperty("fields").GetProperty("rule_id").GetString());
            Assert.Equal("trailwatcher.alert/1", e.GetProperty("event").GetProperty("schema").GetString());
            Assert.Equal(alerts[i].Id, e.GetProperty("event").GetProperty("id").GetString());
        }
    }

    [Fact]
    public async Task Write_OptionalMetadataUnsetAndOcsf_LeavesThemToTheCollectorAndSendsADetectionFinding()
    {
        using var hec = new SplunkHecReceiver(Token);
        using var sink = new SplunkHecAlertSink(Options(hec, o => { o.Format = AlertFormat.Ocsf; o.SourceType = "ocsf:detection_finding"; }), TimeProvider.System);
        var alert = SeedAlerts.LoggingDisabled("ocsf-1");

        await sink.WriteAsync([alert], CancellationToken.None);

        var e = Assert.Single(hec.AcceptedEvents);
        Assert.False(e.TryGetProperty("index", out _));
        Assert.False(e.TryGetProperty("source", out _));
        Assert.False(e.TryGetProperty("host", out _));
        Assert.Equal("ocsf:detection_finding", e.GetProperty("sourcetype").GetString());
        Assert.Equal(2004, e.GetProperty("event").GetProperty("class_uid").GetInt32());
        Assert.Equal(alert.Id, e.GetProperty("fields").GetProperty("alert_id").GetString());
    }

    [Fact]
    public async Task Deliver_WithAck_SendsAChannelAndCompletesOnlyOnceTheIndexersAcknowledged()
    {
        using var hec = new SplunkHecReceiver(Token) { Acknowledge = false };
        await using var dispatcher = Dispatcher(Options(hec, o => { o.UseAck = true; o.AckPollIntervalSeconds = 0.05; o.AckTimeoutSeconds = 4; }));
        using var cts = new CancellationTokenSource(Budget);

        var delivery = dispatcher.DeliverAsync([SeedAlerts.LoggingDisabled("ack-1")], cts.Token).AsTask();
        await Eventually.TrueAsync(() => hec.AckQueries.Count >= 3, "no acknowledgment queries");
        Assert.False(delivery.IsCompleted);
        hec.Acknowledge = true;
        await delivery.WaitAsync(cts.Token);

        var sent = Assert.Single(hec.EventRequests);
        var channel = sent.Header(SplunkHecAlertSink.ChannelHeader);
        Assert.True(Guid.TryParse(channel, out _), $"channel '{channel}' is not a GUID");
        Assert.All(hec.AckQueries, q => Assert.Equal(channel, q.Header(SplunkHecAlertSink.ChannelHeader)));
        Assert.All(hec.AckQueries, q => Assert.Equal("Splunk " + Token, q.Header("Authorization")));
        Assert.Equal(0, JsonDocument.Parse(hec.AckQueries[^1].Body).RootElement.GetProperty("acks")[0].GetInt64());
        Assert.Equal(1, dispatcher.Statuses[0].Delivered);
    }

    [Fact]
    public async Task Deliver_AckNeverComes_TheBatchCountsAsFailedAndIsSentAgainWithTheSameAlertIds()
    {
        using var hec = new SplunkHecReceiver(Token) { Acknowledge = false };
        await using var dispatcher = Dispatcher(Options(hec, o => { o.UseAck = true; o.AckPollIntervalSeconds = 0.02; o.AckTimeoutSeconds = 0.2; }));
        using var cts = new CancellationTokenSource(Budget);
        var alerts = SeedAlerts.Many(2, "lost");

        var delivery = dispatcher.DeliverAsync(alerts, cts.Token).AsTask();
        await Eventually.TrueAsync(() => hec.EventRequests.Count >= 2, "the unacknowledged batch was not sent again");
        Assert.False(delivery.IsCompleted);
        hec.Acknowledge = true;
        await delivery.WaitAsync(cts.Token);

        // Every resend carries the same events, so a search can drop the repeats by alert_id.
        var bodies = hec.EventRequests.Select(r => r.Body).Distinct(StringComparer.Ordinal);
        Assert.Single(bodies);
        Assert.Equal(alerts.Select(a => a.Id), SplunkHecReceiver.Events(bodies.Single()).Select(e => e.GetProperty("fields").GetProperty("alert_id").GetString()));
        Assert.True(dispatcher.Statuses[0].Failed >= 1);
        Assert.Equal(2, dispatcher.Statuses[0].Delivered);
    }

    [Fact]
    public async Task Deliver_OutageThenRecovery_HoldsAndThenDeliversEveryAlertOnceInBatches()
    {
        using var hec = new SplunkHecReceiver(Token) { Status = 503 };
        await using var dispatcher = Dispatcher(Options(hec, o => o.BatchSize = 10));
        using var cts = new CancellationTokenSource(Budget);
        var alerts = SeedAlerts.Many(25, "out");

        var delivery = dispatcher.DeliverAsync(alerts, cts.Token).AsTask();
        await Eventually.TrueAsync(() => dispatcher.Statuses[0].CircuitOpen, "the circuit never opened");
        Assert.False(delivery.IsCompleted);
        Assert.Empty(hec.AcceptedEvents);
        hec.Status = 200;
        await delivery.WaitAsync(cts.Token);

        Assert.Equal([10, 10, 5], hec.EventRequests.Where(r => r.Status == 200).Select(r => SplunkHecReceiver.Events(r.Body).Count));
        Assert.Equal(alerts.Select(a => a.Id), hec.AcceptedEvents.Select(e => e.GetProperty("event").GetProperty("id").GetString()));
        Assert.Equal(25, dispatcher.Statuses[0].Delivered);
    }

    [Fact]
    public async Task Deliver_BusyWithRetryAfter_WaitsAsLongAsTheCollectorAsked()
    {
        using var hec = new SplunkHecReceiver(Token) { Status = 503, RetryAfter = "2" };
        await using var dispatcher = Dispatcher(Options(hec));
        using var cts = new CancellationTokenSource(Budget);

        var delivery = dispatcher.DeliverAsync([SeedAlerts.LoggingDisabled("busy-1")], cts.Token).AsTask();
        await Eventually.TrueAsync(() => hec.Requests.Count > 0, "no request");
        var refused = System.Diagnostics.Stopwatch.StartNew();
        hec.Status = 200;
        await delivery.WaitAsync(cts.Token);

        // The sink's own back-off starts at 20 ms: only the collector's "come back in 2 s" explains the wait.
        Assert.InRange(refused.Elapsed, TimeSpan.FromSeconds(1.8), TimeSpan.FromSeconds(30));
        Assert.Equal([503, 200], hec.Requests.Select(r => r.Status));
    }

    [Theory]
    [InlineData(429, 7.0)]
    [InlineData(503, 7.0)]
    [InlineData(500, null)]
    public async Task Write_Refused_IsRetryableWithTheRetryAfterOfRateLimitAndBusyAnswersOnly(int status, double? expectedSeconds)
    {
        using var hec = new SplunkHecReceiver(Token) { Status = status, RetryAfter = "7" };
        using var sink = new SplunkHecAlertSink(Options(hec), TimeProvider.System);

        var error = await Assert.ThrowsAsync<AlertSinkException>(async () => await sink.WriteAsync([SeedAlerts.LoggingDisabled("r")], CancellationToken.None));

        Assert.False(error.Permanent);
        Assert.Equal(expectedSeconds, error.RetryAfter?.TotalSeconds);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_WrongToken_ErrorLoggedWithTheCollectorsReasonAndNeverTheToken()
    {
        const string WrongToken = "wrong-token-also-secret";
        using var hec = new SplunkHecReceiver(Token);
        var logs = new CapturingLoggerProvider();
        using var loggers = logs.CreateFactory();
        var options = Options(hec, o => { o.Token = WrongToken; o.UseAck = true; });
        using var sink = new SplunkHecAlertSink(options, TimeProvider.System, loggers.CreateLogger<ResilientSink>());
        await using var dispatcher = new AlertDispatcher(
            [ResilientSink.Create(sink, options.Resilience, TimeProvider.System, loggers.CreateLogger<ResilientSink>())],
            loggers.CreateLogger<AlertDispatcher>());
        using var cts = new CancellationTokenSource(Budget);

        var delivery = dispatcher.DeliverAsync([SeedAlerts.LoggingDisabled("tok-1")], cts.Token).AsTask();
        await Eventually.TrueAsync(() => logs.Entries.Any(e => e.Level == LogLevel.Error), "the refusal was not logged as an error");
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => delivery);

        Assert.True(hec.Requests.Count >= 2);
        Assert.All(hec.Requests, r => Assert.Equal("Splunk " + WrongToken, r.Header("Authorization")));
        Assert.Contains(logs.Entries, e => e.Text.Contains("Invalid token (code 4)", StringComparison.Ordinal) && e.Text.Contains("403", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Text.Contains(WrongToken, StringComparison.Ordinal) || e.Text.Contains(Token, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://splunk.example.com:8088", "https://splunk.example.com:8088")]
    [InlineData("https://splunk.example.com:8088/", "https://splunk.example.com:8088")]
    [InlineData("https://splunk.example.com:8088/services/collector", "https://splunk.example.com:8088")]
    [InlineData("https://http-inputs-acme.splunkcloud.com/services/collector/event/", "https://http-inputs-acme.splunkcloud.com")]
    [InlineData("https://proxy.example.com/splunk", "https://proxy.example.com/splunk")]
    public void CollectorRoot_UrlWithOrWithoutTheEndpointPath_IsTheBaseThePathsAreAddedTo(string url, string expected) =>
        Assert.Equal(expected, SplunkHecAlertSink.CollectorRoot(url));

    private static SplunkHecSinkOptions Options(SplunkHecReceiver hec, Action<SplunkHecSinkOptions>? configure = null)
    {
        var options = new SplunkHecSinkOptions { Url = hec.BaseUrl, Token = Token, Resilience = SinkTestOptions.Fast() };
        configure?.Invoke(options);
        return options;
    }

    private static AlertDispatcher Dispatcher(SplunkHecSinkOptions options) => new(
        [ResilientSink.Create(new SplunkHecAlertSink(options, TimeProvider.System), options.Resilience, TimeProvider.System, NullLogger.Instance)],
        NullLogger<AlertDispatcher>.Instance);
}
