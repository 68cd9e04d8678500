using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TrailWatcher.Detection.Alerts;
using TrailWatcher.Pipeline;
using TrailWatcher.Sinks;
using TrailWatcher.Sinks.Webhook;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Sinks;

public sealed class WebhookOutageTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Pipeline_WebhookDownThenUp_SubmitBlocksMeanwhileAndEveryAlertArrivesOnce()
    {
        using var receiver = new WebhookReceiver(status: 500);
        await using var dispatcher = Dispatcher(new WebhookSinkOptions { Url = receiver.Url, Resilience = SinkTestOptions.Fast() });
        var harness = new PipelineHarness(channelCapacity: 1, parallelism: 1, dispatcher);
        using var cts = new CancellationTokenSource(Budget);
        var running = harness.Pipeline.RunAsync(cts.Token);

        // Each object raises one alert; an object must not complete before its alert was accepted (answered 200).
        const int Objects = 30;
        var early = new ConcurrentBag<string>();
        var submitted = new List<ObjectWork>();
        var outage = Stopwatch.StartNew();
        Task<ObjectWork>? blocked = null;
        for (var i = 0; i < Objects && blocked is null; i++)
        {
            var submit = Submit(harness, i, receiver, early, cts.Token);
            if (await Task.WhenAny(submit, Task.Delay(500, cts.Token)) != submit)
            {
                blocked = submit;
                break;
            }

            submitted.Add(await submit);
        }

        // Back-pressure: with every hand-off full, Submit waits; nothing already submitted failed or completed.
        Assert.NotNull(blocked);
        Assert.InRange(submitted.Count, 1, 10);
        await Task.Delay(TimeSpan.FromSeconds(2.5) - outage.Elapsed > TimeSpan.Zero ? TimeSpan.FromSeconds(2.5) - outage.Elapsed : TimeSpan.Zero, cts.Token);
        Assert.False(blocked.IsCompleted);
        Assert.All(submitted, w => Assert.False(w.Completion.IsCompleted));
        Assert.Empty(receiver.Accepted);
        Assert.True(receiver.Requests.Count >= 3, $"only {receiver.Requests.Count} attempts during the outage");

        receiver.Status = 200;
        submitted.Add(await blocked);
        for (var i = submitted.Count; i < Objects; i++)
        {
            submitted.Add(await Submit(harness, i, receiver, early, cts.Token));
        }

        harness.Pipeline.CompleteAdding();
        await running;

        var outcomes = await Task.WhenAll(submitted.Select(w => w.Completion));
        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Error?.Message));
        Assert.Empty(early);
        var keys = receiver.Accepted.Select(r => r.Header("Idempotency-Key")).ToList();
        Assert.Equal(Objects, keys.Count);
        Assert.Equal(Objects, keys.Distinct().Count());
        var expected = Enumerable.Range(0, Objects).Select(i => AlertId.For(SeedAlerts.RuleId, $"o{i}")).Order(StringComparer.Ordinal);
        Assert.Equal(expected, keys.Order(StringComparer.Ordinal));
        Assert.All(receiver.Accepted, r => Assert.Equal(r.Header("Idempotency-Key"), JsonDocument.Parse(r.Body).RootElement.GetProperty("id").GetString()));
        var status = Assert.Single(dispatcher.Statuses);
        Assert.Equal(Objects, status.Delivered);
        Assert.True(status.Failed >= 3);
    }

    [Fact]
    public async Task Deliver_SinkDown_CircuitOpensThenClosesAfterRecovery()
    {
        using var receiver = new WebhookReceiver(status: 503);
        await using var dispatcher = Dispatcher(new WebhookSinkOptions { Url = receiver.Url, Resilience = SinkTestOptions.Fast() });
        using var cts = new CancellationTokenSource(Budget);

        var delivery = dispatcher.DeliverAsync([SeedAlerts.LoggingDisabled("c1")], cts.Token).AsTask();
        Assert.True(await Eventually(() => dispatcher.Statuses[0].CircuitOpen, cts.Token), "the circuit never opened");
        var open = dispatcher.Statuses[0];
        Assert.Equal("webhook", open.Name);
        Assert.Equal(0, open.Delivered);
        Assert.True(open.Failed >= 2);
        Assert.NotNull(open.LastError);
        Assert.False(delivery.IsCompleted);

        receiver.Status = 204;
        await delivery.WaitAsync(cts.Token);
        var closed = dispatcher.Statuses[0];
        Assert.False(closed.CircuitOpen);
        Assert.Equal(1, closed.Delivered);
        Assert.Single(receiver.Accepted);
    }

    [Fact]
    public async Task Deliver_Unauthorized_IsRetriedAndLoggedAsAnErrorOncePerCircuitOpening()
    {
        using var receiver = new WebhookReceiver(status: 401);
        var logs = new CapturingLoggerProvider();
        using var loggers = logs.CreateFactory();
        await using var dispatcher = new AlertDispatcher(
            [ResilientSink.Create(new WebhookAlertSink(new WebhookSinkOptions { Url = receiver.Url }, TimeProvider.System), SinkTestOptions.Fast(), TimeProvider.System, loggers.CreateLogger<ResilientSink>())],
            NullLogger<AlertDispatcher>.Instance);
        using var cts = new CancellationTokenSource(Budget);

        var delivery = dispatcher.DeliverAsync([SeedAlerts.LoggingDisabled("u1")], cts.Token).AsTask();
        await Task.Delay(TimeSpan.FromSeconds(1.5), cts.Token);
        receiver.Status = 200;
        await delivery.WaitAsync(cts.Token);

        var errors = logs.Entries.Where(e => e.Level == LogLevel.Error).ToList();
        var attempts = receiver.Requests.Count(r => r.Status == 401);
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Contains("401", e.Text, StringComparison.Ordinal));
        Assert.True(errors.Count < attempts, $"{errors.Count} error lines for {attempts} refused attempts");
        Assert.Single(receiver.Accepted);
    }

    [Fact]
    public async Task Deliver_TwoSinksOneDown_TheOtherGetsTheBatchOnce()
    {
        using var up = new WebhookReceiver(status: 200, path: "/up");
        using var down = new WebhookReceiver(status: 500, path: "/down");
        var fast = SinkTestOptions.Fast();
        await using var dispatcher = new AlertDispatcher(
            [
                ResilientSink.Create(new WebhookAlertSink(new WebhookSinkOptions { Url = up.Url, Batch = true, BatchSize = 10 }, TimeProvider.System), fast, TimeProvider.System, NullLogger.Instance),
                ResilientSink.Create(new WebhookAlertSink(new WebhookSinkOptions { Url = down.Url, Batch = true, BatchSize = 10 }, TimeProvider.System), fast, TimeProvider.System, NullLogger.Instance),
            ],
            NullLogger<AlertDispatcher>.Instance);
        using var cts = new CancellationTokenSource(Budget);
        var alerts = SeedAlerts.Many(15);

        var delivery = dispatcher.DeliverAsync(alerts, cts.Token).AsTask();
        await Task.Delay(TimeSpan.FromSeconds(1), cts.Token);
        down.Status = 200;
        await delivery.WaitAsync(cts.Token);

        // Two arrays (10 + 5) each, and the healthy sink was not sent anything again while the other was retried.
        Assert.Equal(2, up.Requests.Count);
        Assert.Equal(2, down.Accepted.Count);
        Assert.Equal(15, up.Requests.Sum(r => JsonDocument.Parse(r.Body).RootElement.GetArrayLength()));
        Assert.Equal(WebhookAlertSink.IdempotencyKey(alerts.Take(10), batch: true), up.Requests[0].Header("Idempotency-Key"));
        Assert.Equal(up.Requests.Select(r => r.Header("Idempotency-Key")), down.Accepted.Select(r => r.Header("Idempotency-Key")));
    }

    private static AlertDispatcher Dispatcher(WebhookSinkOptions options) => new(
        [ResilientSink.Create(new WebhookAlertSink(options, TimeProvider.System), options.Resilience, TimeProvider.System, NullLogger.Instance)],
        NullLogger<AlertDispatcher>.Instance);

    private static async Task<ObjectWork> Submit(PipelineHarness harness, int i, WebhookReceiver receiver, ConcurrentBag<string> early, CancellationToken cancellationToken)
    {
        var work = await harness.Pipeline.SubmitAsync(PipelineHarness.InMemory($"o{i}.json", TrailFiles.Document([SeedEvents.LoggingDisabled($"o{i}")])), cancellationToken);
        var id = AlertId.For(SeedAlerts.RuleId, $"o{i}");
        _ = work.Completion.ContinueWith(
            _ =>
            {
                if (!receiver.Accepted.Any(r => r.Header("Idempotency-Key") == id))
                {
                    early.Add(id);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return work;
    }

    private static async Task<bool> Eventually(Func<bool> condition, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 200; i++)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(50, cancellationToken);
        }

        return false;
    }
}
