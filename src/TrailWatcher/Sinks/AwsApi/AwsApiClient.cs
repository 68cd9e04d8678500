using System.Net;
using System.Net.Http.Headers;

namespace TrailWatcher.Sinks.AwsApi;

/// <summary>Sends signed POSTs to one AWS API endpoint and turns refusals into <see cref="AlertSinkException"/>s that say whether a retry can help.</summary>
internal sealed class AwsApiClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _api;
    private readonly AwsRequestSigner _signer;
    private readonly double _timeoutSeconds;

    /// <param name="api">How messages name the API, e.g. "SNS".</param>
    /// <param name="endpoint">The API's endpoint.</param>
    /// <param name="signer">Signs each request.</param>
    /// <param name="timeoutSeconds">One request's timeout.</param>
    /// <param name="handler">The HTTP handler; a pooled one when null.</param>
    public AwsApiClient(string api, Uri endpoint, AwsRequestSigner signer, double timeoutSeconds, HttpMessageHandler? handler)
    {
        _api = api;
        Endpoint = endpoint;
        _signer = signer;
        _timeoutSeconds = timeoutSeconds;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, disposeHandler: true)
        {
            Timeout = TimeSpan.FromSeconds(timeoutSeconds),
        };
    }

    public Uri Endpoint { get; }

    /// <summary>Posts the body and gives the answer's text once the API answered 2xx.</summary>
    /// <param name="body">The request body.</param>
    /// <param name="contentType">Its media type.</param>
    /// <param name="headers">X-Amz-* headers to send and sign (e.g. X-Amz-Target).</param>
    /// <param name="errorCode">Reads the error code and message from a refusal's body.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<string> PostAsync(byte[] body, string contentType, IEnumerable<KeyValuePair<string, string>> headers, Func<string, (string? Code, string? Message)> errorCode, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        await _signer.SignAsync(request, body).ConfigureAwait(false);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new AlertSinkException($"{_api} {Endpoint.Host}: {ex.HttpRequestError}", permanent: false, ex.InnerException);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AlertSinkException($"{_api} {Endpoint.Host}: no answer within {_timeoutSeconds:0.#} s", permanent: false, ex);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return text;
            }

            var (code, message) = SafeErrorCode(errorCode, text);
            throw new AlertSinkException($"{_api} {Endpoint.Host} answered HTTP {(int)response.StatusCode} {code ?? response.ReasonPhrase}: {message}", IsPermanent(response.StatusCode, code));
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>True for AWS's throttling error codes, which come with HTTP 400.</summary>
    public static bool IsThrottling(string? code) =>
        code is not null && (code.Contains("Throttl", StringComparison.OrdinalIgnoreCase) || code is "RequestLimitExceeded" or "TooManyRequestsException");

    // An answer that is not the documented error shape (a proxy's HTML page) still fails the request, just without a code.
    private static (string? Code, string? Message) SafeErrorCode(Func<string, (string? Code, string? Message)> errorCode, string text)
    {
        try
        {
            return errorCode(text);
        }
        catch (Exception ex) when (ex is System.Xml.XmlException or System.Text.Json.JsonException)
        {
            return (null, null);
        }
    }

    // Access denied, a topic or bus that does not exist, a malformed request: the same request cannot succeed until
    // someone fixes the configuration. Throttling and server errors pass.
    private static bool IsPermanent(HttpStatusCode status, string? code) =>
        (int)status is >= 400 and < 500 && status != HttpStatusCode.TooManyRequests && status != HttpStatusCode.RequestTimeout && !IsThrottling(code);
}
