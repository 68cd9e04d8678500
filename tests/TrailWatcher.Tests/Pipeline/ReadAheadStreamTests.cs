using System.IO.Compression;
using TrailWatcher.Pipeline;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Pipeline;

public sealed class ReadAheadStreamTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    [InlineData(1 << 20)]
    public void Read_AnyBufferSize_SameBytesAsTheInnerStream(int bufferSize)
    {
        var data = RandomBytes(3_000_017);
        using var stream = new ReadAheadStream(new MemoryStream(data));
        var copy = new MemoryStream();
        var buffer = new byte[bufferSize];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            copy.Write(buffer, 0, read);
        }

        Assert.Equal(data, copy.ToArray());
        Assert.Equal(0, stream.Read(buffer));
    }

    [Fact]
    public void Read_InnerFailsMidway_BytesBeforeThenTheInnerError()
    {
        var data = RandomBytes(2_000_000);
        using var stream = new ReadAheadStream(new FailingStream(data, failAfter: 1_000_000));
        var copy = new MemoryStream();

        var error = Assert.Throws<IOException>(() => stream.CopyTo(copy));

        Assert.Equal("connection reset by peer", error.Message);
        Assert.Equal(data.AsSpan(0, 1_000_000).ToArray(), copy.ToArray());
    }

    [Fact]
    public void Read_CorruptGzip_TheDecompressorsErrorReachesTheReader()
    {
        var gzip = new MemoryStream();
        using (var writer = new GZipStream(gzip, CompressionLevel.Fastest, leaveOpen: true))
        {
            writer.Write(RandomBytes(1_000_000));
        }

        var bytes = gzip.ToArray();
        bytes[bytes.Length / 2] ^= 0xFF;
        using var stream = new ReadAheadStream(new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress));

        Assert.ThrowsAny<InvalidDataException>(() => stream.CopyTo(Stream.Null));
    }

    [Fact]
    public async Task Dispose_WhileTheFillerWaitsForRoom_ReturnsAndDisposesTheInnerStream()
    {
        var inner = new TrackedStream(RandomBytes(8_000_000));
        var stream = new ReadAheadStream(inner);
        Assert.Equal(1000, stream.Read(new byte[1000]));

        await Task.Run(stream.Dispose).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(inner.Disposed);
        Assert.Throws<ObjectDisposedException>(() => stream.Read(new byte[10]));
    }

    [Fact]
    public void Pays_OnlyForLargeSeekableObjects()
    {
        Assert.False(ReadAheadStream.Pays(new MemoryStream(new byte[1024])));
        Assert.False(ReadAheadStream.Pays(new FailingStream([], 0)));
        Assert.Equal(Environment.ProcessorCount >= 2, ReadAheadStream.Pays(new MemoryStream(new byte[ReadAheadStream.MinimumObjectBytes])));
    }

    private static byte[] RandomBytes(int length)
    {
        var data = new byte[length];
        new Random(7).NextBytes(data);
        return data;
    }

    private sealed class TrackedStream(byte[] data) : MemoryStream(data)
    {
        public bool Disposed { get; private set; }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
