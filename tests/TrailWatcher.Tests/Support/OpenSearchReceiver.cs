using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace TrailWatcher.Tests.Support;

/// <summary>A loopback <c>_bulk</c> endpoint that stores documents by index and id as a cluster would, and fails whole requests or single documents on demand.</summary>
internal sealed class OpenSearchReceiver : LoopbackHttpServer
{
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly ConcurrentDictionary<(string Index, string Id), string> _documents = new();
    private readonly ConcurrentDictionary<string, Queue<int>> _itemFailures = new(StringComparer.Ordinal);
    private readonly string? _authorization;
    private volatile int _status = 200;

    /// <param name="authorization">The Authorization header every request must carry; none when null.</param>
    public OpenSearchReceiver(string? authorization = null)
    {
        _authorization = authorization;
        Start();
    }

    /// <summary>What the next whole requests are answered with; 200 lets the documents be judged one by one.</summary>
    public int Status
    {
        get => _status;
        set => _status = value;
    }

    public string? RetryAfter { get; set; }

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    /// <summary>The stored documents of an index by id.</summary>
    public IReadOnlyDictionary<string, JsonObject> Documents(string index) =>
        _documents.Where(d => d.Key.Index == index).ToDictionary(d => d.Key.Id, d => JsonNode.Parse(d.Value)!.AsObject(), StringComparer.Ordinal);

    /// <summary>Answers the next tries of document <paramref name="id"/> with these statuses, one per try.</summary>
    public void FailDocument(string id, params int[] statuses) => _itemFailures[id] = new Queue<int>(statuses);

    /// <summary>The (action, _index, _id) lines of a bulk body and their documents.</summary>
    public static IReadOnlyList<(string Action, string Index, string Id, JsonObject Document)> Parse(string body)
    {
        var lines = body.Split('\n');
        var entries = new List<(string, string, string, JsonObject)>();
        for (var i = 0; i + 1 < lines.Length; i += 2)
        {
            var action = JsonNode.Parse(lines[i])!.AsObject().Single();
            var meta = action.Value!.AsObject();
            entries.Add((action.Key, (string)meta["_index"]!, (string)meta["_id"]!, JsonNode.Parse(lines[i + 1])!.AsObject()));
        }

        return entries;
    }

    protected override async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var status = _authorization is not null && headers.GetValueOrDefault("Authorization") != _authorization ? 401
            : context.Request.Path != "/_bulk" ? 404
            : _status;
        var answer = status == 200 ? Bulk(body) : $$"""{"error":{"type":"status_{{status}}","reason":"refused"},"status":{{status}}}""";
        _requests.Enqueue(new ReceivedRequest(context.Request.Path.Value + context.Request.QueryString, headers, body, status));
        context.Response.StatusCode = status;
        if (status is 429 or 503 && RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer, context.RequestAborted);
    }

    private string Bulk(string body)
    {
        var items = new JsonArray();
        var errors = false;
        foreach (var (action, index, id, document) in Parse(body))
        {
            int status;
            JsonObject? error = null;
            if (_itemFailures.TryGetValue(id, out var failures) && failures.TryDequeue(out var failure))
            {
                status = failure;
                error = new JsonObject { ["type"] = failure == 400 ? "mapper_parsing_exception" : "es_rejected_execution_exception", ["reason"] = $"injected {failure}" };
            }
            else if (action == "create" && _documents.ContainsKey((index, id)))
            {
                status = 409;
                error = new JsonObject { ["type"] = "version_conflict_engine_exception", ["reason"] = $"[{id}]: version conflict, document already exists" };
            }
            else
            {
                status = _documents.ContainsKey((index, id)) ? 200 : 201;
                _documents[(index, id)] = document.ToJsonString();
            }

            errors |= status >= 300;
            var result = new JsonObject { ["_index"] = index, ["_id"] = id, ["status"] = status };
            if (error is not null)
            {
                result["error"] = error;
            }

            items.Add(new JsonObject { [action] = result });
        }

        return new JsonObject { ["took"] = 1, ["errors"] = errors, ["items"] = items }.ToJsonString();
    }
}
