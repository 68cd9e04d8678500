using System.Buffers;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TrailWatcher.Detection.Alerts;
using TrailWatcher.Sinks.Http;

namespace TrailWatcher.Sinks.SplunkHec;

/// <summary>Sends alerts to a Splunk HTTP Event Collector: one request per batch, the events' JSON objects one after another.</summary>
/// <remarks>
/// With <see cref="SplunkHecSinkOptions.UseAck"/> a batch is delivered only once the indexers acknowledged it. HEC has
/// no idempotency of its own: every event carries the alert id as the indexed field <c>alert_id</c>, so searches
/// drop the repeats that retries and redelivery make.
/// </remarks>
internal sealed partial class SplunkHecAlertSink : IAlertSink, IDisposable
{
    /// <summary>The header naming the client's channel, which acknowledgment needs.</summary>
    public const string ChannelHeader = "X-Splunk-Request-Channel";

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly SplunkHecSinkOptions _options;
    private readonly HttpSinkClient _http;
    private readonly SplunkHecAcknowledger? _acknowledger;
    private readonly ILogger _logger;
    private readonly Uri _eventUrl;
    private readonly string _authorization;
    private readonly ArrayBufferWriter<byte> _body = new(16 * 1024);
    private int _warnedNoAckId;

    /// <param name="options">Where and how to send.</param>
    /// <param name="time">Clock of the acknowledgment polling and of <c>Retry-After</c> dates.</param>
    /// <param name="logger">Warns when acknowledgment was asked for and the collector does not give it.</param>
    /// <param name="handler">The HTTP handler; a pooled one when null.</param>
    public SplunkHecAlertSink(SplunkHecSinkOptions options, TimeProvider time, ILogger? logger = null, HttpMessageHandler? handler = null)
    {
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        var root = CollectorRoot(options.Url ?? throw new ArgumentException("TrailWatcher:Sinks:SplunkHec:Url is not set", nameof(options)));
        _eventUrl = new Uri(root + "/services/collector/event");
        _authorization = "Splunk " + (options.Token ?? throw new ArgumentException("TrailWatcher:Sinks:SplunkHec:Token is not set", nameof(options)));
        _http = new HttpSinkClient($"splunk hec {_eventUrl.Host}", options.TimeoutSeconds, time, handler);
        if (options.UseAck)
        {
            Channel = Guid.NewGuid().ToString();
            _acknowledger = new SplunkHecAcknowledger(_http, new Uri(root + "/services/collector/ack"), _authorization, Channel, options, time);
        }
    }

    public string Name => "splunk";

    public int MaxBatchSize => _options.BatchSize;

    /// <summary>The channel this sink's requests name when acknowledgment is on; one per process.</summary>
    public string? Channel { get; }

    public async ValueTask WriteAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(alerts.Count, MaxBatchSize);
        if (alerts.Count == 0)
        {
            return;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _eventUrl) { Content = new ByteArrayContent(Body(alerts)) };
        request.Content.Headers.ContentType = Json;
        request.Headers.TryAddWithoutValidation("Authorization", _authorization);
        if (Channel is not null)
        {
            request.Headers.TryAddWithoutValidation(ChannelHeader, Channel);
        }

        long? ackId;
        using (var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false))
        {
            var answer = SplunkHecAnswer.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            if (!response.IsSuccessStatusCode)
            {
                throw await _http.RefusedAsync(response, answer.Describe(), cancellationToken).ConfigureAwait(false);
            }

            ackId = answer.AckId;
        }

        if (_acknowledger is null)
        {
            return;
        }

        if (ackId is not { } id)
        {
            // The events were taken; sending them again would only duplicate them. Say once that the guarantee asked for is missing.
            if (Interlocked.Exchange(ref _warnedNoAckId, 1) == 0)
            {
                LogNoAckId(_logger, _eventUrl.Host);
            }

            return;
        }

        await _acknowledger.WaitAsync(id, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The collector's base URL: the configured one without a trailing <c>/services/collector[/event]</c>.</summary>
    public static string CollectorRoot(string url)
    {
        var root = url.TrimEnd('/');
        foreach (var suffix in (string[])["/services/collector/event", "/services/collector"])
        {
            if (root.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return root[..^suffix.Length];
            }
        }

        return root;
    }

    private byte[] Body(IReadOnlyList<Alert> alerts)
    {
        _body.ResetWrittenCount();
        using (var writer = AlertJson.CreateWriter(_body))
        {
            foreach (var alert in alerts)
            {
                SplunkHecEvent.Write(writer, alert, _options);
                writer.Flush();
                writer.Reset();
                _body.Write("\n"u8);
            }
        }

        return _body.WrittenSpan.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert sink splunk: UseAck is on but the collector at {Host} returned no ackId; indexer acknowledgment is off for this token, so delivery is confirmed by HTTP 200 only")]
    private static partial void LogNoAckId(ILogger logger, string host);
}
