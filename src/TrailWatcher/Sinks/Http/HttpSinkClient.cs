using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace TrailWatcher.Sinks.Http;

/// <summary>The one HTTP client of every HTTP sink (SIEM, paging, chat, AWS APIs): one pooled client, failures named by host only, and the destination's <c>Retry-After</c>.</summary>
/// <remarks>
/// Tokens travel in headers and sometimes in URLs, and the handler's messages can quote the URL: every failure this
/// class builds names the destination by its host, never by what was sent.
/// </remarks>
internal sealed class HttpSinkClient : IDisposable
{
    private const int MaxErrorBodyChars = 300;

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly double _timeoutSeconds;

    /// <param name="destination">How failures name the destination by its host, e.g. <c>splunk hec splunk.example.com</c>.</param>
    /// <param name="timeoutSeconds">One request's timeout.</param>
    /// <param name="time">Clock against which a <c>Retry-After</c> date is read.</param>
    /// <param name="handler">The HTTP handler; a pooled one that recycles connections when null.</param>
    public HttpSinkClient(string destination, double timeoutSeconds, TimeProvider time, HttpMessageHandler? handler = null)
    {
        Destination = destination;
        _time = time;
        _timeoutSeconds = timeoutSeconds;
        // Connections are recycled now and then so a DNS change of the receiver is noticed.
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, disposeHandler: true)
        {
            Timeout = TimeSpan.FromSeconds(timeoutSeconds),
        };
    }

    public string Destination { get; }

    /// <summary>Sends the request; a transport failure or timeout becomes a retryable <see cref="AlertSinkException"/>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <param name="completion">When the answer is handed back: once its body is read (the default), or at its headers when the body does not matter.</param>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        try
        {
            return await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new AlertSinkException($"{Destination}: {ex.HttpRequestError}", permanent: false, ex.InnerException);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AlertSinkException($"{Destination}: no answer within {_timeoutSeconds:0.#} s", permanent: false, ex);
        }
    }

    /// <summary>The failure for a non-2xx answer: permanent for a request the destination will never take, with the wait it asked for.</summary>
    /// <param name="response">The answer.</param>
    /// <param name="detail">What the destination said about it, when the caller read that already; otherwise the start of the body.</param>
    /// <param name="cancellationToken">Stops reading the body.</param>
    public async Task<AlertSinkException> RefusedAsync(HttpResponseMessage response, string? detail, CancellationToken cancellationToken)
    {
        detail ??= await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
        return Refused(response, detail, IsPermanent(response.StatusCode));
    }

    /// <summary>The failure for a non-2xx answer, classified by the caller, with the wait the destination asked for.</summary>
    /// <param name="response">The answer.</param>
    /// <param name="detail">What the destination said about it; nothing is added when empty.</param>
    /// <param name="permanent">Whether only an operator can fix it.</param>
    public AlertSinkException Refused(HttpResponseMessage response, string? detail, bool permanent)
    {
        var said = string.IsNullOrWhiteSpace(detail) ? "" : $": {detail}";
        return new AlertSinkException($"{Destination} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}{said}", permanent)
        {
            RetryAfter = RetryAfter(response),
        };
    }

    /// <summary>POSTs a UTF-8 JSON body and returns once the destination answered 2xx; throws <see cref="AlertSinkException"/> otherwise.</summary>
    /// <param name="url">Where the request goes; never quoted in a failure.</param>
    /// <param name="body">UTF-8 JSON.</param>
    /// <param name="headers">Request headers besides Content-Type, e.g. Authorization; never logged.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task PostJsonAsync(Uri url, byte[] body, IEnumerable<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        // The body of a paging or chat service's answer adds nothing the status does not say.
        using var response = await SendAsync(request, cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw Refused(response, detail: null, IsPermanentForJsonPost(response.StatusCode));
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>True for answers that only an operator can fix (bad token, wrong URL, wrong request): they are still retried, but logged as errors.</summary>
    public static bool IsPermanent(HttpStatusCode status) =>
        status is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound;

    // A paging or chat service also refuses for good an event too large or invalid: the same request cannot succeed
    // until someone fixes the configuration.
    private static bool IsPermanentForJsonPost(HttpStatusCode status) =>
        IsPermanent(status) || status is HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.UnprocessableEntity;

    // A rate-limited or busy receiver counts retries that come early against the sender.
    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable) || response.Headers.RetryAfter is not { } header)
        {
            return null;
        }

        return header.Delta ?? (header.Date is { } date ? date - _time.GetUtcNow() : null);
    }

    // The body of an error answer explains it (HEC's {"text":"Invalid token","code":4}); it never holds what we sent.
    private static async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        text = text.ReplaceLineEndings(" ").Trim();
        return text.Length <= MaxErrorBodyChars ? text : new StringBuilder(text, 0, MaxErrorBodyChars, MaxErrorBodyChars + 1).Append('…').ToString();
    }
}
