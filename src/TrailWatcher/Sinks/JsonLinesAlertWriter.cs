using System.Buffers;
using TrailWatcher.Detection.Alerts;

namespace TrailWatcher.Sinks;

/// <summary>Writes alerts as JSON lines to a stream, whole lines only, so lines from concurrent batches never interleave.</summary>
internal sealed class JsonLinesAlertWriter(AlertFormat format = AlertFormat.Native)
{
    // A delivery round can hold thousands of alerts with their events: written in chunks of about this size, the
    // buffer stays below the large-object heap instead of doubling to megabytes (2 MiB for a scan of the benchmark
    // corpus, with 1 MiB chunks). The caller holds its sink's lock for the whole call, so the chunks of one call are
    // never split by another's.
    private const int ChunkBytes = 32 * 1024;

    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);

    public async ValueTask WriteAsync(Stream stream, IReadOnlyList<Alert> alerts, CancellationToken cancellationToken)
    {
        _buffer.ResetWrittenCount();
        using var writer = AlertJson.CreateWriter(_buffer);
        foreach (var alert in alerts)
        {
            AppendLine(writer, alert);
            if (_buffer.WrittenCount >= ChunkBytes)
            {
                await stream.WriteAsync(_buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
                _buffer.ResetWrittenCount();
            }
        }

        if (_buffer.WrittenCount > 0)
        {
            await stream.WriteAsync(_buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The alerts as newline-terminated lines; <paramref name="lineEnds"/>, when given, gets the offset just past each newline.</summary>
    /// <remarks>The memory is reused by the next call.</remarks>
    public ReadOnlyMemory<byte> Format(IReadOnlyList<Alert> alerts, List<int>? lineEnds)
    {
        _buffer.ResetWrittenCount();
        lineEnds?.Clear();
        using (var writer = AlertJson.CreateWriter(_buffer))
        {
            foreach (var alert in alerts)
            {
                AppendLine(writer, alert);
                lineEnds?.Add(_buffer.WrittenCount);
            }
        }

        return _buffer.WrittenMemory;
    }

    private void AppendLine(System.Text.Json.Utf8JsonWriter writer, Alert alert)
    {
        AlertPayload.Write(writer, alert, format);
        writer.Flush();
        writer.Reset();
        _buffer.Write("\n"u8);
    }
}
