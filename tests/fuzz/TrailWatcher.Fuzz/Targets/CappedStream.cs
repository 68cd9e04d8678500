namespace TrailWatcher.Fuzz.Targets;

/// <summary>Ends a decompressed stream after a fixed number of bytes.</summary>
/// <remarks>
/// The service stops a gzip bomb with its own limit (MaxObjectBytes) outside the reader; here the bomb simply ends
/// as a truncated log, so a highly compressible input is not mistaken for a hang.
/// </remarks>
internal sealed class CappedStream(Stream inner, long max) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var room = (int)Math.Min(buffer.Length, max - _read);
        var n = room <= 0 ? 0 : inner.Read(buffer[..room]);
        _read += n;
        return n;
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
}
