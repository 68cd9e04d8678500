using System.Diagnostics;
using Microsoft.Extensions.Logging;
using TrailWatcher.Detection.Alerts;
using TrailWatcher.Sinks;

namespace TrailWatcher.Tests.Support;

/// <summary>Delivers through a dispatcher and a fast <see cref="ResilientSink"/> to a <see cref="WebhookReceiver"/> that refuses first, then takes: what the paging and chat sink tests share.</summary>
internal static class OneAlertSinkDrills
{
    /// <summary>Delivers one alert while the receiver refuses (its status and <c>Retry-After</c> set by the caller), lets it take with <paramref name="acceptStatus"/> after the first attempt, and gives how long delivery took from then.</summary>
    public static async Task<TimeSpan> WaitAfterRefusalAsync(IAlertSink sink, WebhookReceiver receiver, int acceptStatus)
    {
        using var loggers = new CapturingLoggerProvider().CreateFactory();
        await using var dispatcher = Dispatcher(sink, loggers);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var delivery = dispatcher.DeliverAsync([SeedAlerts.LoggingDisabled("limited")], cts.Token).AsTask();
        await Eventually.TrueAsync(() => receiver.Requests.Count > 0, "a first attempt");
        var refused = Stopwatch.StartNew();
        receiver.Status = acceptStatus;
        await delivery.WaitAsync(cts.Token);
        return refused.Elapsed;
    }

    /// <summary>Delivers the alerts while the receiver refuses for 1.5 s, then lets it take with <paramref name="acceptStatus"/> and waits for delivery to end.</summary>
    public static async Task<Outage> DeliverThroughOutageAsync(IAlertSink sink, WebhookReceiver receiver, IReadOnlyList<Alert> alerts, int acceptStatus)
    {
        var logs = new CapturingLoggerProvider();
        using var loggers = logs.CreateFactory();
        await using var dispatcher = Dispatcher(sink, loggers);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var delivery = dispatcher.DeliverAsync(alerts, cts.Token).AsTask();
        await Task.Delay(TimeSpan.FromSeconds(1.5), cts.Token);
        var held = !delivery.IsCompleted && receiver.Accepted.Count == 0;
        var attempts = receiver.Requests.Count;
        receiver.Status = acceptStatus;
        await delivery.WaitAsync(cts.Token);
        return new Outage(held, attempts, dispatcher.Statuses[0].Delivered, logs.Entries.Select(e => e.Text).ToList());
    }

    private static AlertDispatcher Dispatcher(IAlertSink sink, ILoggerFactory loggers) => new(
        [ResilientSink.Create(sink, SinkTestOptions.Fast(), TimeProvider.System, loggers.CreateLogger<ResilientSink>())],
        loggers.CreateLogger<AlertDispatcher>());

    /// <summary>What an outage drill saw.</summary>
    /// <param name="Held">Nothing was accepted and delivery had not ended while the receiver refused.</param>
    /// <param name="AttemptsDuringOutage">Requests the receiver refused.</param>
    /// <param name="Delivered">Alerts the sink's status counts as delivered.</param>
    /// <param name="Logs">Every log line written.</param>
    internal sealed record Outage(bool Held, int AttemptsDuringOutage, long Delivered, IReadOnlyList<string> Logs);
}
