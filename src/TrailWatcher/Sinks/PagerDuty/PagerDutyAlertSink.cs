using TrailWatcher.Detection.Alerts;
using TrailWatcher.Sinks.Http;

namespace TrailWatcher.Sinks.PagerDuty;

/// <summary>Triggers a PagerDuty alert per TrailWatcher alert through the Events API v2, one event per request.</summary>
/// <remarks>The routing key travels in the body, which is never logged; failures name the host only.</remarks>
internal sealed class PagerDutyAlertSink : IAlertSink, IDisposable
{
    private readonly PagerDutySinkOptions _options;
    private readonly JsonAlertPoster _poster;

    /// <param name="options">Where to send and with which key.</param>
    /// <param name="time">Clock against which a <c>Retry-After</c> date is read.</param>
    /// <param name="handler">The HTTP handler; a pooled one when null.</param>
    public PagerDutyAlertSink(PagerDutySinkOptions options, TimeProvider time, HttpMessageHandler? handler = null)
    {
        _options = options;
        _poster = new JsonAlertPoster("PagerDuty", new Uri(options.Url, UriKind.Absolute), [], options.TimeoutSeconds, time, handler);
    }

    public string Name => "pagerduty";

    // The Events API takes one event per request.
    public int MaxBatchSize => 1;

    public ValueTask WriteAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken) =>
        _poster.PostOneAsync(alerts, (writer, alert) => PagerDutyEvent.Write(writer, alert, _options), cancellationToken);

    public void Dispose() => _poster.Dispose();
}
