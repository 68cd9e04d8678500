namespace TrailWatcher.Detection.Tests.Reading;

/// <summary>A non-seekable stream over bytes that hands them out in chunks of chosen sizes, like a slow network body.</summary>
internal sealed class ChunkedStream(byte[] data, Func<int> nextChunkSize) : Stream
{
    private int _position;

    public static ChunkedStream OneByteAtATime(byte[] data) => new(data, () => 1);

    public static ChunkedStream Random(byte[] data, int seed, int maxChunk)
    {
        var random = new Random(seed);
        return new ChunkedStream(data, () => random.Next(1, maxChunk + 1));
    }

    public int ReadCalls { get; private set; }

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
        ReadCalls++;
        var count = Math.Min(Math.Min(nextChunkSize(), buffer.Length), data.Length - _position);
        data.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // Yield so the caller's asynchronous path is really taken.
        await Task.Yield();
        return Read(buffer.Span);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
