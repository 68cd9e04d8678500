using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace TrailWatcher.Pipeline;

/// <summary>
/// Reads another stream ahead on a thread of its own, a few chunks deep: decompression of one large log runs on one
/// core while the reader scans on another, instead of the two taking turns on one thread.
/// </summary>
/// <remarks>
/// gzip cannot be inflated by two threads, so without this a single large object is read at one core's speed whatever
/// the machine has. Only for synchronous reads (local files); an error of the inner stream is thrown by the read that
/// reaches it, so the object fails as it would have without the read-ahead.
/// </remarks>
internal sealed class ReadAheadStream : Stream
{
    /// <summary>Compressed size from which an object is read ahead: below it, the hand-off costs more than it overlaps.</summary>
    public const long MinimumObjectBytes = 16L << 20;

    private const int ChunkBytes = 256 * 1024;
    private const int Depth = 4;

    private readonly Stream _inner;
    private readonly BlockingCollection<(byte[] Buffer, int Length)> _chunks = new(Depth);
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _filler;
    private ExceptionDispatchInfo? _failure;
    private byte[]? _current;
    private int _offset;
    private int _length;
    private long _position;
    private bool _disposed;

    public ReadAheadStream(Stream inner)
    {
        _inner = inner;
        _filler = new Thread(Fill) { IsBackground = true, Name = "trailwatcher-read-ahead" };
        _filler.Start();
    }

    /// <summary>True when an object of this raw stream is large enough, and the machine has a second core, for reading ahead to pay.</summary>
    public static bool Pays(Stream raw) => Environment.ProcessorCount >= 2 && raw.CanSeek && raw.Length >= MinimumObjectBytes;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (_current is null || _offset == _length)
        {
            if (_current is not null)
            {
                ArrayPool<byte>.Shared.Return(_current);
                _current = null;
            }

            if (!_chunks.TryTake(out var next, Timeout.Infinite))
            {
                _failure?.Throw();
                return 0;
            }

            (_current, _length, _offset) = (next.Buffer, next.Length, 0);
        }

        var copied = Math.Min(buffer.Length, _length - _offset);
        _current.AsSpan(_offset, copied).CopyTo(buffer);
        _offset += copied;
        _position += copied;
        return copied;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _stop.Cancel();
            // The filler may be inside a read of the inner stream: it must be out before that stream is disposed.
            _filler.Join();
            while (_chunks.TryTake(out var left))
            {
                ArrayPool<byte>.Shared.Return(left.Buffer);
            }

            if (_current is not null)
            {
                ArrayPool<byte>.Shared.Return(_current);
                _current = null;
            }

            _chunks.Dispose();
            _stop.Dispose();
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Fill()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
                var filled = 0;
                try
                {
                    int read;
                    while (filled < ChunkBytes && (read = _inner.Read(buffer, filled, ChunkBytes - filled)) > 0)
                    {
                        filled += read;
                    }
                }
                catch (Exception) when (filled > 0)
                {
                    // What was read before the fault is handed on first: its records are still evaluated, as without read-ahead.
                    _chunks.Add((buffer, filled), _stop.Token);
                    throw;
                }

                if (filled == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    break;
                }

                try
                {
                    _chunks.Add((buffer, filled), _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    break;
                }

                if (filled < ChunkBytes)
                {
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            // Handed to the reading thread: the read that reaches this point throws it, naming the object as before.
            _failure = ExceptionDispatchInfo.Capture(ex);
        }
        finally
        {
            _chunks.CompleteAdding();
        }
    }
}
