using System.Buffers;
using System.Text.Json;
using TrailWatcher.Detection.Alerts;

namespace TrailWatcher.Sinks.Http;

/// <summary>Delivers one alert per request as a JSON POST to one URL: the loop the paging and chat sinks share.</summary>
/// <remarks>
/// The URL (a Teams workflow's carries its signature) and the request's credentials never reach a message: failures
/// name the service and its host only.
/// </remarks>
internal sealed class JsonAlertPoster : IDisposable
{
    private readonly HttpSinkClient _http;
    private readonly Uri _url;
    private readonly KeyValuePair<string, string>[] _headers;

    /// <param name="service">How failures name the service, e.g. "PagerDuty".</param>
    /// <param name="url">Where every request goes.</param>
    /// <param name="headers">Request headers besides Content-Type, e.g. Authorization; never logged.</param>
    /// <param name="timeoutSeconds">One request's timeout.</param>
    /// <param name="time">Clock against which a <c>Retry-After</c> date is read.</param>
    /// <param name="handler">The HTTP handler; a pooled one that recycles connections when null.</param>
    public JsonAlertPoster(string service, Uri url, KeyValuePair<string, string>[] headers, double timeoutSeconds, TimeProvider time, HttpMessageHandler? handler)
    {
        _url = url;
        _headers = headers;
        _http = new HttpSinkClient($"{service} {url.Host}", timeoutSeconds, time, handler);
    }

    /// <summary>Writes the batch's one alert with <paramref name="write"/> and posts it; an empty batch sends nothing.</summary>
    /// <param name="alerts">At most one alert: these services take one event per request.</param>
    /// <param name="write">Writes the service's JSON for the alert.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async ValueTask PostOneAsync(IReadOnlyList<Alert> alerts, Action<Utf8JsonWriter, Alert> write, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(alerts.Count, 1);
        if (alerts.Count == 0)
        {
            return;
        }

        var body = new ArrayBufferWriter<byte>(4096);
        using (var writer = AlertJson.CreateWriter(body))
        {
            write(writer, alerts[0]);
        }

        await _http.PostJsonAsync(_url, body.WrittenSpan.ToArray(), _headers, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();
}
