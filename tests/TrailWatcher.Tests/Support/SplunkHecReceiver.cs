using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace TrailWatcher.Tests.Support;

/// <summary>A loopback HTTP Event Collector: checks the token, answers the events endpoint with a chosen status and, on a channel, hands out ack ids it acknowledges when told to.</summary>
internal sealed class SplunkHecReceiver : LoopbackHttpServer
{
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly ConcurrentDictionary<long, bool> _indexed = new();
    private readonly string _token;
    private long _nextAckId;
    private volatile int _status = 200;
    private volatile bool _acknowledge = true;

    public SplunkHecReceiver(string token)
    {
        _token = token;
        Start();
    }

    /// <summary>What the next event requests are answered with (when the token is right).</summary>
    public int Status
    {
        get => _status;
        set => _status = value;
    }

    /// <summary>A <c>Retry-After</c> sent with non-2xx event answers, when set.</summary>
    public string? RetryAfter { get; set; }

    /// <summary>False: ack queries answer false for every id, as indexers that lost the events would.</summary>
    public bool Acknowledge
    {
        get => _acknowledge;
        set => _acknowledge = value;
    }

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    public IReadOnlyList<ReceivedRequest> EventRequests => [.. _requests.Where(r => r.Path == "/services/collector/event")];

    public IReadOnlyList<ReceivedRequest> AckQueries => [.. _requests.Where(r => r.Path == "/services/collector/ack")];

    /// <summary>The events of every event request answered 200, in order.</summary>
    public IReadOnlyList<JsonElement> AcceptedEvents => [.. EventRequests.Where(r => r.Status == 200).SelectMany(r => Events(r.Body))];

    /// <summary>The JSON objects of one HEC body (objects one after another, as HEC takes them).</summary>
    public static IReadOnlyList<JsonElement> Events(string body)
    {
        var events = new List<JsonElement>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(body), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            events.Add(JsonElement.ParseValue(ref reader));
        }

        return events;
    }

    protected override async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var path = context.Request.Path.Value ?? "/";
        var (status, answer) = Answer(path, headers, body);
        _requests.Enqueue(new ReceivedRequest(path, headers, body, status));
        context.Response.StatusCode = status;
        if (status is 429 or 503 && RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer, context.RequestAborted);
    }

    private (int Status, string Body) Answer(string path, Dictionary<string, string> headers, string body)
    {
        if (!headers.TryGetValue("Authorization", out var authorization) || authorization != "Splunk " + _token)
        {
            return (403, """{"text":"Invalid token","code":4}""");
        }

        var channel = headers.GetValueOrDefault("X-Splunk-Request-Channel");
        if (path == "/services/collector/ack")
        {
            if (channel is null)
            {
                return (400, """{"text":"Data channel is missing","code":10}""");
            }

            var ids = JsonDocument.Parse(body).RootElement.GetProperty("acks").EnumerateArray().Select(e => e.GetInt64());
            var acks = string.Join(",", ids.Select(id => $"\"{id.ToString(CultureInfo.InvariantCulture)}\":{(_acknowledge && _indexed.ContainsKey(id) ? "true" : "false")}"));
            return (200, "{\"acks\":{" + acks + "}}");
        }

        if (path != "/services/collector/event")
        {
            return (404, """{"text":"The requested URL was not found on this server.","code":404}""");
        }

        if (_status != 200)
        {
            return (_status, _status == 503 ? """{"text":"Server is busy","code":9}""" : """{"text":"Internal server error","code":8}""");
        }

        if (channel is null)
        {
            return (200, """{"text":"Success","code":0}""");
        }

        var ackId = Interlocked.Increment(ref _nextAckId) - 1;
        _indexed[ackId] = true;
        return (200, $$"""{"text":"Success","code":0,"ackId":{{ackId.ToString(CultureInfo.InvariantCulture)}}}""");
    }
}
