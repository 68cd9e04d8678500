namespace TrailWatcher.Detection.Reading;

/// <summary>A read-only stream that yields a few already-read bytes and then the rest of the inner stream.</summary>
/// <remarks>Lets the format sniffer peek at a non-seekable stream (an S3 response body) without losing bytes.</remarks>
internal sealed class PrefixedStream(byte[] prefix, Stream inner) : Stream
{
    private int _prefixUsed;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (TryReadPrefix(buffer, out var copied))
        {
            return copied;
        }

        return inner.Read(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (TryReadPrefix(buffer.Span, out var copied))
        {
            return new ValueTask<int>(copied);
        }

        return inner.ReadAsync(buffer, cancellationToken);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private bool TryReadPrefix(Span<byte> buffer, out int copied)
    {
        copied = Math.Min(prefix.Length - _prefixUsed, buffer.Length);
        if (copied <= 0 || buffer.IsEmpty)
        {
            copied = 0;
            return buffer.IsEmpty;
        }

        prefix.AsSpan(_prefixUsed, copied).CopyTo(buffer);
        _prefixUsed += copied;
        return true;
    }
}
