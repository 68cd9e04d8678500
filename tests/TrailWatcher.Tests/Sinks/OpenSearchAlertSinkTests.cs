using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TrailWatcher.Sinks;
using TrailWatcher.Sinks.OpenSearch;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Sinks;

public sealed class OpenSearchAlertSinkTests
{
    private const string Password = "os-password-secret";
    private const string ApiKey = "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==";
    private static readonly string Basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("trailwatcher:" + Password));
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Write_Index_PostsNdjsonIndexActionsWithTheAlertIdAsDocumentIdAndBasicAuth()
    {
        using var cluster = new OpenSearchReceiver(Basic);
        using var sink = new OpenSearchAlertSink(Options(cluster), TimeProvider.System);
        var alerts = SeedAlerts.Many(3);

        await sink.WriteAsync(alerts, CancellationToken.None);

        var request = Assert.Single(cluster.Requests);
        Assert.StartsWith("/_bulk", request.Path, StringComparison.Ordinal);
        Assert.StartsWith("application/x-ndjson", request.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal(Basic, request.Header("Authorization"));
        Assert.EndsWith("\n", request.Body, StringComparison.Ordinal);
        Assert.Equal(6, request.Body.Count(c => c == '\n'));
        var entries = OpenSearchReceiver.Parse(request.Body);
        Assert.All(entries, e => Assert.Equal(("index", "aws-alerts"), (e.Action, e.Index)));
        Assert.Equal(alerts.Select(a => a.Id), entries.Select(e => e.Id));
        Assert.Equal(alerts.Select(a => a.Id), entries.Select(e => (string?)e.Document["id"]));
        Assert.All(entries, e => Assert.Equal("2024-01-15T10:45:23.000Z", (string?)e.Document["@timestamp"]));
        Assert.All(entries, e => Assert.Equal("trailwatcher.alert/1", (string?)e.Document["schema"]));
        Assert.Equal(3, cluster.Documents("aws-alerts").Count);
    }

    [Fact]
    public async Task Write_SameAlertsAgain_OverwritesInsteadOfDuplicating()
    {
        using var cluster = new OpenSearchReceiver(Basic);
        using var sink = new OpenSearchAlertSink(Options(cluster), TimeProvider.System);
        var alerts = SeedAlerts.Many(4);

        await sink.WriteAsync(alerts, CancellationToken.None);
        await sink.WriteAsync(alerts, CancellationToken.None);

        Assert.Equal(2, cluster.Requests.Count);
        Assert.Equal(alerts.Select(a => a.Id).Order(StringComparer.Ordinal), cluster.Documents("aws-alerts").Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Write_DataStreamRedelivered_CreatesOnceAndCountsTheConflictAsStored()
    {
        using var cluster = new OpenSearchReceiver("ApiKey " + ApiKey);
        using var sink = new OpenSearchAlertSink(Options(cluster, o => { o.Username = null; o.Password = null; o.ApiKey = ApiKey; o.DataStream = true; o.Index = "logs-trailwatcher-default"; o.Format = AlertFormat.Ocsf; }), TimeProvider.System);
        var alerts = SeedAlerts.Many(2);

        await sink.WriteAsync(alerts, CancellationToken.None);
        // The cluster answers 409 for both: they are there already, so the write succeeds.
        await sink.WriteAsync(alerts, CancellationToken.None);

        Assert.Equal(2, cluster.Requests.Count);
        Assert.All(cluster.Requests, r => Assert.Equal("ApiKey " + ApiKey, r.Header("Authorization")));
        Assert.All(cluster.Requests.SelectMany(r => OpenSearchReceiver.Parse(r.Body)), e => Assert.Equal("create", e.Action));
        var stored = cluster.Documents("logs-trailwatcher-default");
        Assert.Equal(2, stored.Count);
        Assert.All(stored.Values, d => Assert.Equal(2004, (int?)d["class_uid"]));
        Assert.All(stored.Values, d => Assert.NotNull(d["@timestamp"]));
        Assert.Equal(0, sink.Rejected);
    }

    [Fact]
    public async Task Deliver_SomeDocumentsBusyOneUnmappable_ResendsOnlyTheBusyOnesAndReportsTheOther()
    {
        using var cluster = new OpenSearchReceiver(Basic);
        var alerts = SeedAlerts.Many(5);
        cluster.FailDocument(alerts[1].Id, 429, 503);
        cluster.FailDocument(alerts[3].Id, 503);
        cluster.FailDocument(alerts[4].Id, 400);
        var logs = new CapturingLoggerProvider();
        using var loggers = logs.CreateFactory();
        var options = Options(cluster);
        using var sink = new OpenSearchAlertSink(options, TimeProvider.System, loggers.CreateLogger<ResilientSink>());
        await using var dispatcher = new AlertDispatcher(
            [ResilientSink.Create(sink, options.Resilience, TimeProvider.System, loggers.CreateLogger<ResilientSink>())],
            NullLogger<AlertDispatcher>.Instance);
        using var cts = new CancellationTokenSource(Budget);

        await dispatcher.DeliverAsync(alerts, cts.Token).AsTask().WaitAsync(cts.Token);

        var sent = cluster.Requests.Select(r => OpenSearchReceiver.Parse(r.Body).Select(e => e.Id).ToList()).ToList();
        Assert.Equal(3, sent.Count);
        Assert.Equal(alerts.Select(a => a.Id), sent[0]);
        Assert.Equal([alerts[1].Id, alerts[3].Id], sent[1]);
        Assert.Equal([alerts[1].Id], sent[2]);
        Assert.Equal(alerts.Take(4).Select(a => a.Id).Order(StringComparer.Ordinal), cluster.Documents("aws-alerts").Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1, sink.Rejected);
        var error = Assert.Single(logs.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains(alerts[4].Id, error.Text, StringComparison.Ordinal);
        Assert.Contains("mapper_parsing_exception", error.Text, StringComparison.Ordinal);
        Assert.Contains(logs.Entries, e => e.Text.Contains("did not take 2 of 5 documents", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Write_ItemsForbidden_AreRetriedAsAPermanentFailureNotGivenUp()
    {
        using var cluster = new OpenSearchReceiver(Basic);
        using var sink = new OpenSearchAlertSink(Options(cluster), TimeProvider.System);
        var alerts = SeedAlerts.Many(2);
        cluster.FailDocument(alerts[0].Id, 403);
        cluster.FailDocument(alerts[1].Id, 403);

        var partial = await Assert.ThrowsAsync<PartialDeliveryException>(async () => await sink.WriteAsync(alerts, CancellationToken.None));

        Assert.Equal(alerts, partial.Undelivered);
        Assert.True(Assert.IsType<AlertSinkException>(partial.InnerException).Permanent);
        Assert.Equal(0, sink.Rejected);
    }

    [Fact]
    public async Task Deliver_ClusterDownThenUp_HoldsThenStoresEveryAlertInBatches()
    {
        using var cluster = new OpenSearchReceiver(Basic) { Status = 503 };
        await using var dispatcher = Dispatcher(Options(cluster, o => o.BatchSize = 10));
        using var cts = new CancellationTokenSource(Budget);
        var alerts = SeedAlerts.Many(23, "down");

        var delivery = dispatcher.DeliverAsync(alerts, cts.Token).AsTask();
        await Eventually.TrueAsync(() => dispatcher.Statuses[0].CircuitOpen, "the circuit never opened");
        Assert.False(delivery.IsCompleted);
        Assert.Empty(cluster.Documents("aws-alerts"));
        cluster.Status = 200;
        await delivery.WaitAsync(cts.Token);

        Assert.Equal([10, 10, 3], cluster.Requests.Where(r => r.Status == 200).Select(r => OpenSearchReceiver.Parse(r.Body).Count));
        Assert.Equal(23, cluster.Documents("aws-alerts").Count);
        Assert.Equal(23, dispatcher.Statuses[0].Delivered);
    }

    [Fact]
    public async Task Deliver_RateLimitedWithRetryAfter_WaitsAsLongAsTheClusterAsked()
    {
        using var cluster = new OpenSearchReceiver(Basic) { Status = 429, RetryAfter = "2" };
        await using var dispatcher = Dispatcher(Options(cluster));
        using var cts = new CancellationTokenSource(Budget);

        var delivery = dispatcher.DeliverAsync([SeedAlerts.LoggingDisabled("limited")], cts.Token).AsTask();
        await Eventually.TrueAsync(() => cluster.Requests.Count > 0, "no request");
        var refused = System.Diagnostics.Stopwatch.StartNew();
        cluster.Status = 200;
        await delivery.WaitAsync(cts.Token);

        Assert.InRange(refused.Elapsed, TimeSpan.FromSeconds(1.8), TimeSpan.FromSeconds(30));
        Assert.Equal([429, 200], cluster.Requests.Select(r => r.Status));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Deliver_WrongCredentials_LoggedAsAnErrorWithoutThem(bool apiKey)
    {
        using var cluster = new OpenSearchReceiver("Basic bm9ib2R5Om5vdGhpbmc=");
        var logs = new CapturingLoggerProvider();
        using var loggers = logs.CreateFactory();
        var options = apiKey ? Options(cluster, o => { o.Username = null; o.Password = null; o.ApiKey = ApiKey; }) : Options(cluster);
        await using var dispatcher = new AlertDispatcher(
            [ResilientSink.Create(new OpenSearchAlertSink(options, TimeProvider.System, loggers.CreateLogger<ResilientSink>()), options.Resilience, TimeProvider.System, loggers.CreateLogger<ResilientSink>())],
            loggers.CreateLogger<AlertDispatcher>());
        using var cts = new CancellationTokenSource(Budget);

        var delivery = dispatcher.DeliverAsync([SeedAlerts.LoggingDisabled("pw")], cts.Token).AsTask();
        await Eventually.TrueAsync(() => logs.Entries.Any(e => e.Level == LogLevel.Error), "the refusal was not logged as an error");
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => delivery);

        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Error && e.Text.Contains("401", StringComparison.Ordinal));
        Assert.Equal(apiKey ? "ApiKey " + ApiKey : Basic, cluster.Requests[0].Header("Authorization"));
        Assert.DoesNotContain(logs.Entries, e => e.Text.Contains(Password, StringComparison.Ordinal) || e.Text.Contains(Basic[6..], StringComparison.Ordinal) || e.Text.Contains(ApiKey[..20], StringComparison.Ordinal));
    }

    private static OpenSearchSinkOptions Options(OpenSearchReceiver cluster, Action<OpenSearchSinkOptions>? configure = null)
    {
        var options = new OpenSearchSinkOptions { Url = cluster.BaseUrl, Index = "aws-alerts", Username = "trailwatcher", Password = Password, Resilience = SinkTestOptions.Fast() };
        configure?.Invoke(options);
        return options;
    }

    private static AlertDispatcher Dispatcher(OpenSearchSinkOptions options) => new(
        [ResilientSink.Create(new OpenSearchAlertSink(options, TimeProvider.System), options.Resilience, TimeProvider.System, NullLogger.Instance)],
        NullLogger<AlertDispatcher>.Instance);
}
