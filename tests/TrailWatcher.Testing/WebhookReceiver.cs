using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace TrailWatcher.Testing;

/// <summary>A loopback HTTP endpoint that answers a chosen status (e.g. 500 during an outage) and keeps every request it saw.</summary>
public sealed class WebhookReceiver : LoopbackHttpServer
{
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private volatile int _status;

    public WebhookReceiver(int status = 200, string path = "/hook")
    {
        _status = status;
        Start();
        Url = BaseUrl + path;
    }

    public string Url { get; }

    /// <summary>What the next requests are answered with.</summary>
    public int Status
    {
        get => _status;
        set => _status = value;
    }

    /// <summary>A <c>Retry-After</c> value sent with the next non-2xx answers, when set.</summary>
    public string? RetryAfter { get; set; }

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    /// <summary>Requests answered with 2xx: what the receiver accepted.</summary>
    public IReadOnlyList<ReceivedRequest> Accepted => [.. _requests.Where(r => r.Status is >= 200 and < 300)];

    protected override async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var status = _status;
        // Recorded before the answer goes out: once the sender sees 200, the request is already in the list.
        _requests.Enqueue(new ReceivedRequest(context.Request.Path.Value ?? "/", headers, body, status));
        context.Response.StatusCode = status;
        if (status is < 200 or >= 300 && RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        context.Response.ContentLength = 0;
    }
}
