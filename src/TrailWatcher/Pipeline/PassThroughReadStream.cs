namespace TrailWatcher.Pipeline;

/// <summary>A read-only stream over another that sees the size of every read; the wrappers of the reading stage build on it.</summary>
internal abstract class PassThroughReadStream(Stream inner) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => Seen; set => throw new NotSupportedException(); }

    /// <summary>Bytes read through this stream so far.</summary>
    protected long Seen { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Pass(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Pass(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Pass(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override ValueTask DisposeAsync() => inner.DisposeAsync();

    /// <summary>Called after every read with the running total; may throw to stop the reader.</summary>
    protected virtual void Observe(long total)
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Pass(int read)
    {
        Seen += read;
        Observe(Seen);
        return read;
    }
}
