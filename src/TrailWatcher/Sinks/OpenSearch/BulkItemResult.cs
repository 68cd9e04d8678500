using System.Text.Json;

namespace TrailWatcher.Sinks.OpenSearch;

/// <summary>One item of a <c>_bulk</c> answer: its HTTP status and, when it failed, the error's type and reason.</summary>
internal readonly record struct BulkItemResult(int Status, string? ErrorType, string? Reason)
{
    /// <summary>The items of a bulk answer, in request order; null when the body is not a bulk answer.</summary>
    public static IReadOnlyList<BulkItemResult>? ParseAll(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            if (!document.RootElement.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var results = new List<BulkItemResult>(items.GetArrayLength());
            foreach (var item in items.EnumerateArray())
            {
                // {"index": {"_id": …, "status": 201}} or {"create": {…, "status": 400, "error": {"type": …, "reason": …}}}
                var result = item.EnumerateObject().FirstOrDefault().Value;
                if (result.ValueKind != JsonValueKind.Object || !result.TryGetProperty("status", out var status) || !status.TryGetInt32(out var code))
                {
                    return null;
                }

                string? type = null, reason = null;
                if (result.TryGetProperty("error", out var error))
                {
                    type = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("type", out var t) ? t.GetString() : null;
                    reason = error.ValueKind switch
                    {
                        JsonValueKind.Object when error.TryGetProperty("reason", out var r) => r.GetString(),
                        JsonValueKind.String => error.GetString(),
                        _ => null,
                    };
                }

                results.Add(new BulkItemResult(code, type, reason));
            }

            return results;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Stored: 2xx, or for <c>create</c> a 409, which says a document with this alert id is there already.</summary>
    public bool Stored(string action) => Status is >= 200 and < 300 || (Status == 409 && action == "create");

    /// <summary>Worth sending again as it is: the cluster was busy or failing (429, 5xx), or refused it for a reason an operator can fix (401, 403, 404).</summary>
    /// <remarks>Anything else (400 mapping and parsing errors above all) would be refused the same way forever.</remarks>
    public bool Retryable => Status is 429 or >= 500 or 401 or 403 or 404 or 408;

    public string Describe() => $"HTTP {Status} {ErrorType ?? "error"}: {Reason ?? "no reason given"}";
}
