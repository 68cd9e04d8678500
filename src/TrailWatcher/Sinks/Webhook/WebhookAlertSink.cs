using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using TrailWatcher.Detection.Alerts;
using TrailWatcher.Sinks.Http;

namespace TrailWatcher.Sinks.Webhook;

/// <summary>POSTs alerts to an HTTP endpoint (native or OCSF JSON, one per request or as arrays) or to a Slack incoming webhook.</summary>
/// <remarks>
/// Every request carries <c>Idempotency-Key</c>: the alert id, or for an array the SHA-256 (hex) of its ids joined by
/// newlines, so a receiver can drop the repeats that retries and redelivery make.
/// </remarks>
internal sealed class WebhookAlertSink : IAlertSink, IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly HttpSinkClient _http;
    private readonly WebhookSinkOptions _options;
    private readonly Uri _url;
    private readonly System.Buffers.ArrayBufferWriter<byte> _body = new(16 * 1024);

    /// <param name="options">Where and how to post.</param>
    /// <param name="time">Clock against which a <c>Retry-After</c> date is read.</param>
    /// <param name="handler">The HTTP handler; a pooled one that recycles connections when null.</param>
    public WebhookAlertSink(WebhookSinkOptions options, TimeProvider time, HttpMessageHandler? handler = null)
    {
        _options = options;
        _url = new Uri(options.Url ?? throw new ArgumentException("TrailWatcher:Sinks:Webhook:Url is not set", nameof(options)), UriKind.Absolute);
        // Slack's URL is a credential: failures name the host only.
        _http = new HttpSinkClient($"webhook {_url.Host}", options.TimeoutSeconds, time, handler);
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

        using var response = await _http.SendAsync(request, cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw _http.Refused(response, detail: null, HttpSinkClient.IsPermanent(response.StatusCode));
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
}
