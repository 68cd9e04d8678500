using System.Text.Json;

namespace TrailWatcher.Detection.Rules.Testing;

/// <summary>A test event as the pipeline would see it: the record and its unescaped top-level eventSource and eventName.</summary>
internal sealed class TestRecord(JsonDocument document, JsonElement record, byte[] eventSource, byte[] eventName) : IDisposable
{
    public JsonElement Record { get; } = record;

    public byte[] EventSource { get; } = eventSource;

    public byte[] EventName { get; } = eventName;

    public void Dispose() => document.Dispose();
}
