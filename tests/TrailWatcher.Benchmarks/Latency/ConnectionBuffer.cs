using System.Net.Sockets;

namespace TrailWatcher.Benchmarks.Latency;

/// <summary>The bytes read from one connection and not yet consumed; refilled in large reads, compacted and grown as needed.</summary>
internal sealed class ConnectionBuffer(NetworkStream stream)
{
    private byte[] _bytes = new byte[64 * 1024];
    private int _start;
    private int _end;

    /// <summary>The unconsumed bytes.</summary>
    public ReadOnlySpan<byte> Pending => _bytes.AsSpan(_start, _end - _start);

    public int Count => _end - _start;

    /// <summary>Marks the first <paramref name="count"/> pending bytes as used.</summary>
    public void Consume(int count)
    {
        _start += count;
        if (_start == _end)
        {
            _start = _end = 0;
        }
    }

    /// <summary>Reads more after the pending bytes, with room for at least <paramref name="need"/> pending bytes in all; false at end of stream.</summary>
    public async ValueTask<bool> FillAsync(int need, CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_bytes, _start, _bytes, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (need > _bytes.Length || _end == _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(need, _bytes.Length * 2));
        }

        var read = await stream.ReadAsync(_bytes.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        _end += read;
        return read > 0;
    }
}
