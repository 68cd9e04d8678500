using System.Text;
using System.Text.Json;
using TrailWatcher.Detection.Alerts;

namespace TrailWatcher.Sinks.EventBridge;

/// <summary>The JSON 1.1 body of <c>AWSEvents.PutEvents</c> for up to ten alerts, and the reading of its answer.</summary>
internal static class PutEventsRequest
{
    public const string ContentType = "application/x-amz-json-1.1";
    public const string Target = "AWSEvents.PutEvents";

    /// <summary>PutEvents' limit of entries per request.</summary>
    public const int MaxEntries = 10;

    /// <summary>The detail-type of each alert kind, what EventBridge rules tell them apart by.</summary>
    public static string DetailType(AlertKind kind) => kind switch
    {
        AlertKind.Update => "TrailWatcher Alert Update",
        AlertKind.Signal => "TrailWatcher Signal",
        _ => "TrailWatcher Alert",
    };

    public static byte[] Body(IReadOnlyList<Alert> alerts, EventBridgeSinkOptions options)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096 * alerts.Count);
        using (var writer = AlertJson.CreateWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("Entries");
            foreach (var alert in alerts)
            {
                writer.WriteStartObject();
                writer.WriteString("EventBusName", options.EventBusName);
                writer.WriteString("Source", options.Source);
                writer.WriteString("DetailType", DetailType(alert.Kind));
                // Detail is a JSON document carried as a string.
                writer.WriteString("Detail", Encoding.UTF8.GetString(AlertPayload.ToUtf8(alert, options.Format)));
                writer.WriteString("Time", AlertJson.Timestamp(alert.DetectedAt));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The positions of entries EventBridge did not take, with the first refusal's code and message.</summary>
    /// <remarks>The answer's entries are in the order of the request's: an entry with an ErrorCode was refused.</remarks>
    public static (List<int> Failed, string? Code, string? Message) Failures(string answer)
    {
        using var document = JsonDocument.Parse(answer);
        var failed = new List<int>();
        string? code = null, message = null;
        if (document.RootElement.TryGetProperty("Entries", out var entries) && entries.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var entry in entries.EnumerateArray())
            {
                if (entry.TryGetProperty("ErrorCode", out var error) && error.ValueKind == JsonValueKind.String)
                {
                    failed.Add(index);
                    code ??= error.GetString();
                    message ??= entry.TryGetProperty("ErrorMessage", out var text) ? text.GetString() : null;
                }

                index++;
            }
        }

        return (failed, code, message);
    }

    /// <summary>Code and message of a JSON 1.1 error answer (<c>__type</c>, <c>message</c>).</summary>
    public static (string? Code, string? Message) Error(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var type = root.TryGetProperty("__type", out var t) ? t.GetString() : null;
        var message = root.TryGetProperty("message", out var m) || root.TryGetProperty("Message", out m) ? m.GetString() : null;
        // "__type" may be namespaced: "com.amazon.coral.service#ThrottlingException".
        return (type?[(type.LastIndexOf('#') + 1)..], message);
    }
}
