namespace TrailWatcher.Tests.Support;

/// <summary>An object body that stalls at its first read until the test opens it, as a large object still on its way does.</summary>
internal sealed class GatedStream(byte[] data) : Stream
{
    private readonly MemoryStream _data = new(data);
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _reading = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a reader first asked for bytes.</summary>
    public Task Reading => _reading.Task.WaitAsync(TimeSpan.FromSeconds(10));

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _data.Position; set => throw new NotSupportedException(); }

    public void Open() => _open.TrySetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _reading.TrySetResult();
        await _open.Task.WaitAsync(cancellationToken);
        return _data.Read(buffer.Span);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        _reading.TrySetResult();
        _open.Task.Wait();
        return _data.Read(buffer, offset, count);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
