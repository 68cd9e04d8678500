using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TrailWatcher.Detection.Alerts;
using TrailWatcher.Sinks.Http;

namespace TrailWatcher.Sinks.OpenSearch;

/// <summary>Indexes alerts into OpenSearch or Elasticsearch with the <c>_bulk</c> API, one request per batch, the alert id as document id.</summary>
/// <remarks>
/// A bulk answer judges each document. Those the cluster could not take now (429, 5xx) or that an operator can fix
/// (401, 403, 404) are reported as undelivered and only they are sent again. A document the cluster refuses for
/// what it is (400: a mapping or parsing error) would be refused forever: it is logged as an error with the cluster's
/// reason and given up, so one malformed document does not hold every later alert back.
/// </remarks>
internal sealed partial class OpenSearchAlertSink : IAlertSink, IDisposable
{
    private static readonly MediaTypeHeaderValue NdJson = new("application/x-ndjson") { CharSet = "utf-8" };

    private readonly OpenSearchSinkOptions _options;
    private readonly HttpSinkClient _http;
    private readonly BulkRequestBody _body;
    private readonly ILogger _logger;
    private readonly Uri _bulkUrl;
    private readonly string? _authorization;
    private long _rejected;

    /// <param name="options">Where and how to index.</param>
    /// <param name="time">Clock against which a <c>Retry-After</c> date is read.</param>
    /// <param name="logger">Logs every document given up on.</param>
    /// <param name="handler">The HTTP handler; a pooled one when null.</param>
    public OpenSearchAlertSink(OpenSearchSinkOptions options, TimeProvider time, ILogger? logger = null, HttpMessageHandler? handler = null)
    {
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        var url = options.Url ?? throw new ArgumentException("TrailWatcher:Sinks:OpenSearch:Url is not set", nameof(options));
        // Only the status and error of each item are read: the cluster need not echo the rest.
        _bulkUrl = new Uri(url.TrimEnd('/') + "/_bulk?filter_path=errors,items.*.status,items.*.error");
        _http = new HttpSinkClient($"opensearch {_bulkUrl.Host}", options.TimeoutSeconds, time, handler);
        _body = new BulkRequestBody(options.Index, options.DataStream, options.Format);
        _authorization = !string.IsNullOrEmpty(options.ApiKey) ? "ApiKey " + options.ApiKey
            : !string.IsNullOrEmpty(options.Username) ? "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}"))
            : null;
    }

    public string Name => "opensearch";

    public int MaxBatchSize => _options.BatchSize;

    /// <summary>Documents given up on since start because the cluster refused them for good.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    public async ValueTask WriteAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(alerts.Count, MaxBatchSize);
        if (alerts.Count == 0)
        {
            return;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _bulkUrl) { Content = new ReadOnlyMemoryContent(_body.Write(alerts)) };
        request.Content.Headers.ContentType = NdJson;
        if (_authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", _authorization);
        }

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await _http.RefusedAsync(response, null, cancellationToken).ConfigureAwait(false);
        }

        var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var items = BulkItemResult.ParseAll(answer);
        if (items is null || items.Count != alerts.Count)
        {
            // Without one answer per document nothing can be told apart: the whole batch goes again.
            throw new AlertSinkException($"{_http.Destination}: the bulk answer does not list {alerts.Count} items", permanent: false);
        }

        Judge(alerts, items);
    }

    public void Dispose() => _http.Dispose();

    private void Judge(IReadOnlyList<Alert> alerts, IReadOnlyList<BulkItemResult> items)
    {
        List<Alert>? again = null;
        BulkItemResult? firstRetryable = null;
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item.Stored(_body.Action))
            {
                continue;
            }

            if (item.Retryable)
            {
                (again ??= []).Add(alerts[i]);
                firstRetryable ??= item;
                continue;
            }

            Interlocked.Increment(ref _rejected);
            LogRejected(_logger, alerts[i].Id, alerts[i].RuleId, _options.Index, item.Describe());
        }

        if (again is { } undelivered && firstRetryable is { } first)
        {
            // Permanent when only an operator can help (every item 401/403/404): logged as an error once per circuit opening.
            var permanent = undelivered.Count > 0 && items.Where(i => !i.Stored(_body.Action) && i.Retryable).All(i => i.Status is 401 or 403 or 404);
            var reason = new AlertSinkException($"{_http.Destination} did not take {undelivered.Count} of {alerts.Count} documents: {first.Describe()}", permanent);
            throw new PartialDeliveryException(undelivered, reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Alert sink opensearch: alert {AlertId} (rule {RuleId}) refused by index {Index} ({Reason}); it is not sent again")]
    private static partial void LogRejected(ILogger logger, string alertId, string ruleId, string index, string reason);
}
