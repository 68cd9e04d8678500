namespace TrailWatcher.Tests.Support;

/// <summary>Serves its bytes, then fails the way a dropped network connection does.</summary>
internal sealed class FailingStream(byte[] data, int failAfter) : Stream
{
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_position >= failAfter)
        {
            throw new IOException("connection reset by peer");
        }

        var n = Math.Min(count, Math.Min(failAfter, data.Length) - _position);
        Array.Copy(data, _position, buffer, offset, n);
        _position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
