using System.Net;
using Amazon.Runtime;
using TrailWatcher.Aws;
using TrailWatcher.Sinks.Http;

namespace TrailWatcher.Sinks.AwsApi;

/// <summary>Sends SigV4-signed POSTs to one AWS API endpoint and turns refusals into <see cref="AlertSinkException"/>s that say whether a retry can help.</summary>
/// <remarks>
/// The transport (pooling, timeout, failures named by host) is <see cref="HttpSinkClient"/>'s, the signature
/// <see cref="SigV4Signer"/>'s; what is AWS's own is here: credentials from the SDK's chain, resolved at the first
/// request so a service without AWS access starts anyway, and the error codes of a refusal.
/// </remarks>
internal sealed class AwsApiClient : IDisposable
{
    private readonly HttpSinkClient _http;
    private readonly Lazy<AWSCredentials> _credentials;
    private readonly string _region;
    private readonly string _service;
    private readonly TimeProvider _time;

    /// <param name="api">How messages name the API, e.g. "SNS".</param>
    /// <param name="endpoint">The API's endpoint.</param>
    /// <param name="signing">Whose credentials sign, for which region and service (e.g. "sns").</param>
    /// <param name="time">Clock of the signatures.</param>
    /// <param name="timeoutSeconds">One request's timeout.</param>
    /// <param name="handler">The HTTP handler; a pooled one when null.</param>
    public AwsApiClient(string api, Uri endpoint, (Func<AWSCredentials> Credentials, string Region, string Service) signing, TimeProvider time, double timeoutSeconds, HttpMessageHandler? handler)
    {
        Endpoint = endpoint;
        _credentials = new Lazy<AWSCredentials>(signing.Credentials);
        _region = signing.Region;
        _service = signing.Service;
        _time = time;
        _http = new HttpSinkClient($"{api} {endpoint.Host}", timeoutSeconds, time, handler);
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
        var signed = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = contentType };
        foreach (var (name, value) in headers)
        {
            signed[name] = value;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint);
        SigV4Signer.Sign(request, body, signed, await IdentityAsync().ConfigureAwait(false), _region, _service, _time.GetUtcNow().UtcDateTime);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return text;
        }

        var (code, message) = SafeErrorCode(errorCode, text);
        throw new AlertSinkException($"{_http.Destination} answered HTTP {(int)response.StatusCode} {code ?? response.ReasonPhrase}: {message}", IsPermanent(response.StatusCode, code));
    }

    public void Dispose() => _http.Dispose();

    /// <summary>True for AWS's throttling error codes, which come with HTTP 400.</summary>
    public static bool IsThrottling(string? code) =>
        code is not null && (code.Contains("Throttl", StringComparison.OrdinalIgnoreCase) || code is "RequestLimitExceeded" or "TooManyRequestsException");

    private async Task<ImmutableCredentials> IdentityAsync()
    {
        try
        {
            return await _credentials.Value.GetCredentialsAsync().ConfigureAwait(false);
        }
        catch (AmazonClientException ex)
        {
            // The SDK's text names the providers it tried, never a secret.
            throw new AlertSinkException($"no AWS credentials for {_service}: {ex.Message}", permanent: true, ex);
        }
    }

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
