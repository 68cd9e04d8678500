using TrailWatcher.Detection.Alerts;
using TrailWatcher.Sinks.Http;

namespace TrailWatcher.Sinks.Opsgenie;

/// <summary>Creates an Opsgenie alert per TrailWatcher alert through the Alert API, one request each.</summary>
/// <remarks>The API key goes in the Authorization header, which is never logged; failures name the host only.</remarks>
internal sealed class OpsgenieAlertSink : IAlertSink, IDisposable
{
    private readonly JsonAlertPoster _poster;

    /// <param name="options">Where to send and with which key.</param>
    /// <param name="time">Clock against which a <c>Retry-After</c> date is read.</param>
    /// <param name="handler">The HTTP handler; a pooled one when null.</param>
    public OpsgenieAlertSink(OpsgenieSinkOptions options, TimeProvider time, HttpMessageHandler? handler = null)
    {
        _poster = new JsonAlertPoster(
            "Opsgenie",
            new Uri(options.Url, UriKind.Absolute),
            [new("Authorization", "GenieKey " + options.ApiKey)],
            options.TimeoutSeconds,
            time,
            handler);
    }

    public string Name => "opsgenie";

    // The Alert API creates one alert per request.
    public int MaxBatchSize => 1;

    public ValueTask WriteAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken) =>
        _poster.PostOneAsync(alerts, OpsgenieAlert.Write, cancellationToken);

    public void Dispose() => _poster.Dispose();
}
