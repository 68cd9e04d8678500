using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace TrailWatcher.Testing;

/// <summary>A loopback EventBridge that speaks PutEvents as AWS does: JSON 1.1, SigV4 verified, entries answered in order, errors as <c>__type</c>.</summary>
/// <remarks>A request it cannot accept is refused the way EventBridge refuses it, so a sink that gets the protocol wrong fails its test.</remarks>
public sealed class EventBridgeRecorder : LoopbackHttpServer
{
    private readonly ConcurrentQueue<PutEventsEntry> _accepted = new();
    private readonly ConcurrentQueue<string> _refusals = new();
    private readonly ConcurrentDictionary<string, int> _refuseTimes = new(StringComparer.Ordinal);
    private int _requests;

    public EventBridgeRecorder(string secretKey)
    {
        SecretKey = secretKey;
        Start();
    }

    public string SecretKey { get; }

    public string Url => BaseUrl + "/";

    /// <summary>When set, every request is answered with this status and <c>__type</c> (an outage, throttling).</summary>
    public (int Status, string Type)? Outage { get; set; }

    public int Requests => _requests;

    /// <summary>Entries accepted, in the order they were accepted.</summary>
    public IReadOnlyList<PutEventsEntry> Accepted => [.. _accepted];

    /// <summary>Why requests were refused (signature, shape), for failure messages.</summary>
    public IReadOnlyList<string> Refusals => [.. _refusals];

    /// <summary>The next <paramref name="times"/> entries whose Detail has this alert id are answered with an ErrorCode.</summary>
    public void RefuseEntry(string alertId, int times) => _refuseTimes[alertId] = times;

    protected override async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        if (Outage is { } outage)
        {
            await AnswerAsync(context, outage.Status, outage.Type, "outage");
            return;
        }

        if (context.Request.Method != "POST" || context.Request.Headers["X-Amz-Target"] != "AWSEvents.PutEvents" || context.Request.ContentType != "application/x-amz-json-1.1")
        {
            await RefuseAsync(context, 400, "UnknownOperationException", $"not a PutEvents call: {context.Request.Method} {context.Request.Headers["X-Amz-Target"]} {context.Request.ContentType}");
            return;
        }

        if (SigV4Check.Problem(context.Request, body, SecretKey, "events", ["host", "x-amz-date", "x-amz-target", "content-type"]) is { } problem)
        {
            await RefuseAsync(context, 403, "InvalidSignatureException", problem);
            return;
        }

        await PutEventsAsync(context, body);
    }

    private async Task PutEventsAsync(HttpContext context, byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        if (!document.RootElement.TryGetProperty("Entries", out var entries) || entries.GetArrayLength() is < 1 or > 10)
        {
            await RefuseAsync(context, 400, "ValidationException", "Entries must hold 1 to 10 entries");
            return;
        }

        var answers = new List<object>();
        var failed = 0;
        foreach (var entry in entries.EnumerateArray())
        {
            var detail = entry.GetProperty("Detail").GetString()!;
            using var detailJson = JsonDocument.Parse(detail);
            var id = detailJson.RootElement.TryGetProperty("id", out var idElement) ? idElement.GetString() ?? "" : "";
            if (_refuseTimes.TryGetValue(id, out var times) && times > 0)
            {
                _refuseTimes[id] = times - 1;
                failed++;
                answers.Add(new Dictionary<string, string> { ["ErrorCode"] = "InternalFailure", ["ErrorMessage"] = "try again" });
                continue;
            }

            var eventId = Guid.NewGuid().ToString();
            _accepted.Enqueue(new PutEventsEntry(
                entry.GetProperty("EventBusName").GetString()!,
                entry.GetProperty("Source").GetString()!,
                entry.GetProperty("DetailType").GetString()!,
                detail,
                entry.TryGetProperty("Time", out var time) ? time.GetString() : null,
                SigV4Check.Region(context.Request.Headers.Authorization.ToString())!,
                context.Request.Headers["X-Amz-Security-Token"].ToString()));
            answers.Add(new Dictionary<string, string> { ["EventId"] = eventId });
        }

        context.Response.ContentType = "application/x-amz-json-1.1";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { FailedEntryCount = failed, Entries = answers }), context.RequestAborted);
    }

    private Task RefuseAsync(HttpContext context, int status, string type, string message)
    {
        _refusals.Enqueue($"{type}: {message}");
        return AnswerAsync(context, status, type, message);
    }

    private static async Task AnswerAsync(HttpContext context, int status, string type, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = type, ["message"] = message }), context.RequestAborted);
    }
}
