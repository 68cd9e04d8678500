using System.Buffers;
using TrailWatcher.Detection.Alerts;

namespace TrailWatcher.Sinks;

/// <summary>Writes alerts as JSON lines to a stream, one write per batch so lines from concurrent batches never interleave.</summary>
internal sealed class JsonLinesAlertWriter(AlertFormat format = AlertFormat.Native)
{
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);

    public async ValueTask WriteAsync(Stream stream, IReadOnlyList<Alert> alerts, CancellationToken cancellationToken)
    {
        var lines = Format(alerts, lineEnds: null);
        await stream.WriteAsync(lines, cancellationToken).ConfigureAwait(false);
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
                AlertPayload.Write(writer, alert, format);
                writer.Flush();
                writer.Reset();
                _buffer.Write("\n"u8);
                lineEnds?.Add(_buffer.WrittenCount);
            }
        }

        return _buffer.WrittenMemory;
    }
}
