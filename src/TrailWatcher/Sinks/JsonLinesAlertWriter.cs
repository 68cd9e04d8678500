using System.Buffers;
using TrailWatcher.Detection.Alerts;

namespace TrailWatcher.Sinks;

/// <summary>Writes alerts as JSON lines to a stream, one write per batch so lines from concurrent batches never interleave.</summary>
internal sealed class JsonLinesAlertWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);

    public async ValueTask WriteAsync(Stream stream, IReadOnlyList<Alert> alerts, CancellationToken cancellationToken)
    {
        _buffer.ResetWrittenCount();
        using (var writer = AlertJson.CreateWriter(_buffer))
        {
            foreach (var alert in alerts)
            {
                AlertJson.Write(writer, alert);
                writer.Flush();
                writer.Reset();
                _buffer.Write("\n"u8);
            }
        }

        await stream.WriteAsync(_buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }
}
