using System.Net;
using System.Net.Http.Headers;

namespace TrailWatcher.Sinks.Http;

/// <summary>POSTs JSON bodies to one URL for a paging or chat sink and turns every failure into an <see cref="AlertSinkException"/> that names the host only.</summary>
/// <remarks>
/// The URL (a Teams workflow's carries its signature) and the request's credentials never reach a message: the
/// handler's own exception text can quote the URL, so only its error kind is kept.
/// </remarks>
internal sealed class JsonPostClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly string _destination;
    private readonly double _timeoutSeconds;
    private readonly TimeProvider _time;

    /// <param name="destination">How messages name the service, e.g. "PagerDuty".</param>
    /// <param name="url">Where every request goes.</param>
    /// <param name="timeoutSeconds">One request's timeout.</param>
    /// <param name="time">Clock against which a <c>Retry-After</c> date is read.</param>
    /// <param name="handler">The HTTP handler; a pooled one that recycles connections when null.</param>
    public JsonPostClient(string destination, Uri url, double timeoutSeconds, TimeProvider time, HttpMessageHandler? handler)
    {
        _destination = destination;
        Url = url;
        _timeoutSeconds = timeoutSeconds;
        _time = time;
        // Connections are recycled now and then so a DNS change of the service is noticed.
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, disposeHandler: true)
        {
            Timeout = TimeSpan.FromSeconds(timeoutSeconds),
        };
    }

    public Uri Url { get; }

    /// <summary>Returns once the service answered 2xx; throws <see cref="AlertSinkException"/> otherwise.</summary>
    /// <param name="body">UTF-8 JSON.</param>
    /// <param name="headers">Request headers besides Content-Type, e.g. Authorization; never logged.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task PostAsync(byte[] body, IEnumerable<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new AlertSinkException($"{_destination} {Url.Host}: {ex.HttpRequestError}", permanent: false, ex.InnerException);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AlertSinkException($"{_destination} {Url.Host}: no answer within {_timeoutSeconds:0.#} s", permanent: false, ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new AlertSinkException($"{_destination} {Url.Host} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}", IsPermanent(response.StatusCode))
                {
                    RetryAfter = RetryAfter(response),
                };
            }
        }
    }

    public void Dispose() => _http.Dispose();

    // Rate-limited services count retries that come early against the sender.
    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable) || response.Headers.RetryAfter is not { } header)
        {
            return null;
        }

        return header.Delta ?? (header.Date is { } date ? date - _time.GetUtcNow() : null);
    }

    // The request itself is wrong (bad key, wrong URL, an event the service rejects as invalid): the same request
    // cannot succeed until someone fixes the configuration.
    private static bool IsPermanent(HttpStatusCode status) =>
        status is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound
            or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.UnprocessableEntity;
}
