using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using TrailWatcher.Detection.Alerts;

namespace TrailWatcher.Sinks.Webhook;

/// <summary>POSTs alerts to an HTTP endpoint (native or OCSF JSON, one per request or as arrays) or to a Slack incoming webhook.</summary>
/// <remarks>
/// Every request carries <c>Idempotency-Key</c>: the alert id, or for an array the SHA-256 (hex) of its ids joined by
/// newlines, so a receiver can drop the repeats that retries and redelivery make.
/// </remarks>
internal sealed class WebhookAlertSink : IAlertSink, IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly WebhookSinkOptions _options;
    private readonly TimeProvider _time;
    private readonly Uri _url;
    private readonly System.Buffers.ArrayBufferWriter<byte> _body = new(16 * 1024);

    /// <param name="options">Where and how to post.</param>
    /// <param name="time">Clock against which a <c>Retry-After</c> date is read.</param>
    /// <param name="handler">The HTTP handler; a pooled one that recycles connections when null.</param>
    public WebhookAlertSink(WebhookSinkOptions options, TimeProvider time, HttpMessageHandler? handler = null)
    {
        _options = options;
        _time = time;
        _url = new Uri(options.Url ?? throw new ArgumentException("TrailWatcher:Sinks:Webhook:Url is not set", nameof(options)), UriKind.Absolute);
        // Connections are recycled now and then so a DNS change of the receiver is noticed.
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, disposeHandler: true)
        {
            Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
        };
    }

    public string Name => "webhook";

    public int MaxBatchSize => _options.Style == WebhookStyle.Native && _options.Batch ? _options.BatchSize : 1;

    /// <summary>One request for up to <see cref="MaxBatchSize"/> alerts.</summary>
    public async ValueTask WriteAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(alerts.Count, MaxBatchSize);
        if (alerts.Count > 0)
        {
            await PostAsync(alerts, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The key a batch is sent with: SHA-256 (lower-case hex) of its alert ids joined by '\n'; a single alert's is its id.</summary>
    public static string IdempotencyKey(IEnumerable<Alert> alerts, bool batch)
    {
        var ids = alerts.Select(a => a.Id).ToList();
        return !batch && ids.Count == 1 ? ids[0] : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', ids))));
    }

    private async Task PostAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken)
    {
        var batch = _options.Style == WebhookStyle.Native && _options.Batch;
        using var request = new HttpRequestMessage(HttpMethod.Post, _url)
        {
            Content = new ByteArrayContent(Body(alerts, batch)),
        };
        request.Content.Headers.ContentType = Json;
        request.Headers.TryAddWithoutValidation("Idempotency-Key", IdempotencyKey(alerts, batch));
        foreach (var (name, value) in _options.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content.Headers.Remove(name);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            // The handler's message can quote the URL, and Slack's URL is a credential: name the host only.
            throw new AlertSinkException($"webhook {_url.Host}: {ex.HttpRequestError}", permanent: false, ex.InnerException);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AlertSinkException($"webhook {_url.Host}: no answer within {_options.TimeoutSeconds:0.#} s", permanent: false, ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new AlertSinkException($"webhook {_url.Host} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}", IsPermanent(response.StatusCode))
                {
                    RetryAfter = RetryAfter(response),
                };
            }
        }
    }

    private byte[] Body(IReadOnlyList<Alert> alerts, bool batch)
    {
        _body.ResetWrittenCount();
        using (var writer = AlertJson.CreateWriter(_body))
        {
            if (_options.Style == WebhookStyle.Slack)
            {
                SlackMessage.Write(writer, alerts[0]);
            }
            else if (batch)
            {
                writer.WriteStartArray();
                foreach (var alert in alerts)
                {
                    AlertPayload.Write(writer, alert, _options.Format);
                }

                writer.WriteEndArray();
            }
            else
            {
                AlertPayload.Write(writer, alerts[0], _options.Format);
            }
        }

        return _body.WrittenSpan.ToArray();
    }

    // A rate-limited receiver (Slack answers 429 with Retry-After) counts retries that come early against the sender.
    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable) || response.Headers.RetryAfter is not { } header)
        {
            return null;
        }

        return header.Delta ?? (header.Date is { } date ? date - _time.GetUtcNow() : null);
    }

    // The request itself is wrong (bad token, wrong URL): retrying the same request cannot help until someone fixes it.
    private static bool IsPermanent(HttpStatusCode status) =>
        status is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound;
}
