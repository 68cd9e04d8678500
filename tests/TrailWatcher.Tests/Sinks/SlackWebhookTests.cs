using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using TrailWatcher.Sinks;
using TrailWatcher.Sinks.Webhook;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Sinks;

public sealed class SlackWebhookTests
{
    private const string Token = "Bearer xoxb-very-secret-token";
    private const string UrlSecret = "B0SECRETPATH";

    [Fact]
    public async Task Slack_AlertWithContext_ReadableMessageWithHeadersThatNeverReachTheLogs()
    {
        using var receiver = new WebhookReceiver(status: 500, path: $"/services/T000/{UrlSecret}");
        var logs = new CapturingLoggerProvider();
        using var loggers = logs.CreateFactory();
        var options = new WebhookSinkOptions
        {
            Url = receiver.Url,
            Style = WebhookStyle.Slack,
            Headers = new(StringComparer.OrdinalIgnoreCase) { ["Authorization"] = Token, ["X-Team"] = "secops" },
        };
        await using var dispatcher = new AlertDispatcher(
            [ResilientSink.Create(new WebhookAlertSink(options, TimeProvider.System), SinkTestOptions.Fast(), TimeProvider.System, loggers.CreateLogger<ResilientSink>())],
            loggers.CreateLogger<AlertDispatcher>());
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var alert = SeedAlerts.LoggingDisabled("slack-1");

        // Fail long enough that retries and a circuit opening are logged, then accept.
        var delivery = dispatcher.DeliverAsync([alert], cts.Token).AsTask();
        await Task.Delay(TimeSpan.FromSeconds(1), cts.Token);
        receiver.Status = 200;
        await delivery.WaitAsync(cts.Token);

        var request = Assert.Single(receiver.Accepted);
        Assert.Equal(Token, request.Header("Authorization"));
        Assert.Equal("secops", request.Header("X-Team"));
        Assert.Equal(alert.Id, request.Header("Idempotency-Key"));
        var message = JsonDocument.Parse(request.Body).RootElement;
        var text = message.GetProperty("text").GetString()!;
        var blocks = message.GetProperty("blocks").GetRawText();
        Assert.Contains(alert.Title, text, StringComparison.Ordinal);
        Assert.Contains("MEDIUM", blocks, StringComparison.Ordinal);
        Assert.Contains(alert.Title, blocks, StringComparison.Ordinal);
        Assert.Contains("AWS.S3.DisableBucketLogging", blocks, StringComparison.Ordinal);
        Assert.Contains("arn:aws:sts::111111111111:assumed-role/AdminRole/user_name", blocks, StringComparison.Ordinal);
        Assert.Contains("critical-data-bucket", blocks, StringComparison.Ordinal);
        Assert.Contains("111111111111 / us-west-2", blocks, StringComparison.Ordinal);
        Assert.Contains("1.2.3.4", blocks, StringComparison.Ordinal);
        Assert.Contains("2024-01-15T10:45:23Z", blocks, StringComparison.Ordinal);
        Assert.Contains("*Runbook*", blocks, StringComparison.Ordinal);
        Assert.Contains("<https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html>", blocks, StringComparison.Ordinal);
        Assert.Equal("header", message.GetProperty("blocks")[0].GetProperty("type").GetString());

        Assert.NotEmpty(logs.Entries);
        Assert.Contains(logs.Entries, e => e.Text.Contains("500", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Text.Contains("xoxb", StringComparison.Ordinal) || e.Text.Contains(UrlSecret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Native_OneAlert_PostsTheNativeJsonWithItsIdAsIdempotencyKey()
    {
        using var receiver = new WebhookReceiver();
        using var sink = new WebhookAlertSink(new WebhookSinkOptions { Url = receiver.Url }, TimeProvider.System);
        var alert = SeedAlerts.LoggingDisabled("n1");

        await sink.WriteAsync([alert], CancellationToken.None);

        var request = Assert.Single(receiver.Requests);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("trailwatcher.alert/1", body.GetProperty("schema").GetString());
        Assert.Equal(alert.Id, body.GetProperty("id").GetString());
        Assert.Equal(alert.Id, request.Header("Idempotency-Key"));
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Native_OcsfFormat_PostsADetectionFinding()
    {
        using var receiver = new WebhookReceiver();
        using var sink = new WebhookAlertSink(new WebhookSinkOptions { Url = receiver.Url, Format = AlertFormat.Ocsf }, TimeProvider.System);

        await sink.WriteAsync([SeedAlerts.LoggingDisabled("o1")], CancellationToken.None);

        var body = JsonDocument.Parse(Assert.Single(receiver.Requests).Body).RootElement;
        Assert.Equal(2004, body.GetProperty("class_uid").GetInt32());
    }

    [Fact]
    public async Task Write_Refused_ThrowsNamingTheHostOnlyAndMarksClientErrorsPermanent()
    {
        using var receiver = new WebhookReceiver(status: 403, path: $"/services/{UrlSecret}");
        using var sink = new WebhookAlertSink(new WebhookSinkOptions { Url = receiver.Url }, TimeProvider.System);

        var error = await Assert.ThrowsAsync<AlertSinkException>(async () => await sink.WriteAsync([SeedAlerts.LoggingDisabled("r1")], CancellationToken.None));

        Assert.True(error.Permanent);
        Assert.Contains("403", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(UrlSecret, error.Message, StringComparison.Ordinal);
        receiver.Status = 502;
        Assert.False((await Assert.ThrowsAsync<AlertSinkException>(async () => await sink.WriteAsync([SeedAlerts.LoggingDisabled("r1")], CancellationToken.None))).Permanent);
    }

    [Fact]
    public async Task Deliver_RateLimitedWithRetryAfter_WaitsAsLongAsTheReceiverAsked()
    {
        using var receiver = new WebhookReceiver(status: 429) { RetryAfter = "2" };
        using var loggers = new CapturingLoggerProvider().CreateFactory();
        await using var dispatcher = new AlertDispatcher(
            [ResilientSink.Create(new WebhookAlertSink(new WebhookSinkOptions { Url = receiver.Url }, TimeProvider.System), SinkTestOptions.Fast(), TimeProvider.System, loggers.CreateLogger<ResilientSink>())],
            loggers.CreateLogger<AlertDispatcher>());
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var delivery = dispatcher.DeliverAsync([SeedAlerts.LoggingDisabled("limited-1")], cts.Token).AsTask();
        while (receiver.Requests.Count == 0)
        {
            await Task.Delay(10, cts.Token);
        }

        var refused = System.Diagnostics.Stopwatch.StartNew();
        receiver.Status = 200;
        await delivery.WaitAsync(cts.Token);

        // The sink's own back-off starts at 20 ms: only the receiver's "come back in 2 s" explains the wait.
        Assert.InRange(refused.Elapsed, TimeSpan.FromSeconds(1.8), TimeSpan.FromSeconds(30));
        Assert.Equal([429, 200], receiver.Requests.Select(r => r.Status));
    }

    [Theory]
    [InlineData(429, "7", 7.0)]
    [InlineData(503, "120", 120.0)]
    [InlineData(500, "7", null)]
    public async Task Write_RetryAfter_IsTakenFromRateLimitAndUnavailableAnswersOnly(int status, string header, double? expectedSeconds)
    {
        using var receiver = new WebhookReceiver(status) { RetryAfter = header };
        using var sink = new WebhookAlertSink(new WebhookSinkOptions { Url = receiver.Url }, TimeProvider.System);

        var error = await Assert.ThrowsAsync<AlertSinkException>(async () => await sink.WriteAsync([SeedAlerts.LoggingDisabled("ra")], CancellationToken.None));

        Assert.Equal(expectedSeconds, error.RetryAfter?.TotalSeconds);
        Assert.False(error.Permanent);
    }

    [Fact]
    public async Task Write_RetryAfterAsADate_IsMeasuredFromTheSinksClock()
    {
        using var receiver = new WebhookReceiver(429) { RetryAfter = "Wed, 21 Oct 2026 07:28:00 GMT" };
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 10, 21, 7, 27, 15, TimeSpan.Zero));
        using var sink = new WebhookAlertSink(new WebhookSinkOptions { Url = receiver.Url }, time);

        var error = await Assert.ThrowsAsync<AlertSinkException>(async () => await sink.WriteAsync([SeedAlerts.LoggingDisabled("rd")], CancellationToken.None));

        Assert.Equal(TimeSpan.FromSeconds(45), error.RetryAfter);
    }

    [Fact]
    public void IdempotencyKey_Batch_IsSha256OfTheIdsJoinedByNewlines()
    {
        var alerts = SeedAlerts.Many(3);
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', alerts.Select(a => a.Id)))));

        Assert.Equal(expected, WebhookAlertSink.IdempotencyKey(alerts, batch: true));
        Assert.Equal(alerts[0].Id, WebhookAlertSink.IdempotencyKey(alerts.Take(1), batch: false));
    }
}
