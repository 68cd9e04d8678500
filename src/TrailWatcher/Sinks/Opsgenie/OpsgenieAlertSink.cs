using TrailWatcher.Detection.Alerts;
using TrailWatcher.Sinks.Http;

namespace TrailWatcher.Sinks.Opsgenie;

/// <summary>Creates an Opsgenie alert per TrailWatcher alert through the Alert API, one request each.</summary>
/// <remarks>The API key goes in the Authorization header, which is never logged; failures name the host only.</remarks>
internal sealed class OpsgenieAlertSink : IAlertSink, IDisposable
{
    private readonly JsonPostClient _client;
    private readonly KeyValuePair<string, string>[] _headers;

    /// <param name="options">Where to send and with which key.</param>
    /// <param name="time">Clock against which a <c>Retry-After</c> date is read.</param>
    /// <param name="handler">The HTTP handler; a pooled one when null.</param>
    public OpsgenieAlertSink(OpsgenieSinkOptions options, TimeProvider time, HttpMessageHandler? handler = null)
    {
        _client = new JsonPostClient("Opsgenie", new Uri(options.Url, UriKind.Absolute), options.TimeoutSeconds, time, handler);
        _headers = [new("Authorization", "GenieKey " + options.ApiKey)];
    }

    public string Name => "opsgenie";

    // The Alert API creates one alert per request.
    public int MaxBatchSize => 1;

    public async ValueTask WriteAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(alerts.Count, MaxBatchSize);
        if (alerts.Count == 0)
        {
            return;
        }

        var body = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using (var writer = AlertJson.CreateWriter(body))
        {
            OpsgenieAlert.Write(writer, alerts[0]);
        }

        await _client.PostAsync(body.WrittenSpan.ToArray(), _headers, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _client.Dispose();
}
