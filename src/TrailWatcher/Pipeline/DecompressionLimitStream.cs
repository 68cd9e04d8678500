namespace TrailWatcher.Pipeline;

/// <summary>
/// Passes decompressed reads through and stops an object that expands past the configured size or compression ratio:
/// a small gzip crafted to inflate without end (a gzip bomb) must not hold a reader or its memory for the object's
/// whole timeout.
/// </summary>
internal sealed class DecompressionLimitStream(Stream inner, CountingStream raw, string name, long maxBytes, int maxRatio) : Stream
{
    // Below this, a high ratio is harmless (a small file of repeated text) and not worth refusing.
    private const long RatioFloor = 64L * 1024 * 1024;

    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Check(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Check(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Check(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

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

    public override ValueTask DisposeAsync() => inner.DisposeAsync();

    private int Check(int read)
    {
        BytesRead += read;
        if (BytesRead > maxBytes)
        {
            throw new InputLimitException("object_bytes", $"{name}: decompresses to more than {maxBytes:N0} bytes (TrailWatcher:Pipeline:MaxObjectBytes); the records before that point were evaluated");
        }

        if (BytesRead > RatioFloor && raw.BytesRead > 0 && BytesRead / raw.BytesRead > maxRatio)
        {
            throw new InputLimitException("compression_ratio", $"{name}: expands more than {maxRatio}x its stored size (TrailWatcher:Pipeline:MaxCompressionRatio), as a gzip bomb does; the records before that point were evaluated");
        }

        return read;
    }
}
