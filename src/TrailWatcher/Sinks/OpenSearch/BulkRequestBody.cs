using System.Buffers;
using TrailWatcher.Detection.Alerts;

namespace TrailWatcher.Sinks.OpenSearch;

/// <summary>Writes a <c>_bulk</c> body (NDJSON): per alert an action line with <c>_id</c> = the alert id, then the document with <c>@timestamp</c> added.</summary>
/// <remarks>
/// The id makes redelivery harmless: <c>index</c> overwrites the document already stored, and on a data stream
/// <c>create</c> refuses it with 409, which the sink counts as stored.
/// </remarks>
internal sealed class BulkRequestBody(string index, bool dataStream, AlertFormat format)
{
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);

    /// <summary>The bulk action used for every document.</summary>
    public string Action { get; } = dataStream ? "create" : "index";

    /// <summary>The body for the alerts; the memory is reused by the next call.</summary>
    public ReadOnlyMemory<byte> Write(IReadOnlyList<Alert> alerts)
    {
        _buffer.ResetWrittenCount();
        using var writer = AlertJson.CreateWriter(_buffer);
        foreach (var alert in alerts)
        {
            writer.WriteStartObject();
            writer.WriteStartObject(Action);
            writer.WriteString("_index", index);
            writer.WriteString("_id", alert.Id);
            writer.WriteEndObject();
            writer.WriteEndObject();
            EndLine(writer);

            // Data streams require @timestamp, and time-based views of an index want it too; the alert's own
            // fields follow unchanged.
            var document = AlertPayload.ToUtf8(alert, format);
            writer.WriteStartObject();
            writer.WriteString("@timestamp", AlertJson.Timestamp(AlertEventTime.Of(alert)));
            writer.Flush();
            writer.Reset();
            _buffer.Write(","u8);
            _buffer.Write(document.AsSpan(1));
            _buffer.Write("\n"u8);
        }

        return _buffer.WrittenMemory;
    }

    private void EndLine(System.Text.Json.Utf8JsonWriter writer)
    {
        writer.Flush();
        writer.Reset();
        _buffer.Write("\n"u8);
    }
}
