using System.Text;
using System.Text.Json;
using TrailWatcher.Sinks;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Sinks;

public sealed class ConsoleAlertSinkTests
{
    [Fact]
    public async Task Write_ManyAlerts_WholeLinesInBoundedWritesWithNothingLost()
    {
        // About 3 KB a line: 2,000 alerts are some 6 MB, which must not be built up in one buffer.
        var alerts = SeedAlerts.Many(2_000);
        var output = new WriteRecordingStream();

        await new ConsoleAlertSink(output).WriteAsync(alerts, CancellationToken.None);

        Assert.True(output.Writes.Count > 1, $"one write of {output.Writes[0].Length:N0} bytes");
        Assert.All(output.Writes, w => Assert.Equal((byte)'\n', w[^1]));
        Assert.All(output.Writes, w => Assert.InRange(w.Length, 1, (1 << 20) + 64 * 1024));
        var lines = Encoding.UTF8.GetString([.. output.Writes.SelectMany(w => w)]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(alerts.Select(a => a.EventId), lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("event_id").GetString()));
        Assert.Equal(Encoding.UTF8.GetString(new JsonLinesAlertWriter().Format(alerts, null).Span), string.Join("", lines.Select(l => l + "\n")));
    }

    /// <summary>Keeps each write separately, to see where the sink cut its output.</summary>
    private sealed class WriteRecordingStream : MemoryStream
    {
        public List<byte[]> Writes { get; } = [];

        public override void Write(ReadOnlySpan<byte> buffer) => Writes.Add(buffer.ToArray());

        public override void Write(byte[] buffer, int offset, int count) => Writes.Add(buffer.AsSpan(offset, count).ToArray());

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writes.Add(buffer.ToArray());
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Writes.Add(buffer.AsSpan(offset, count).ToArray());
            return Task.CompletedTask;
        }
    }
}
