using System.Security.Cryptography;
using TrailWatcher.Detection.Integrity;

namespace TrailWatcher.Detection.Tests.Integrity;

public sealed class LogFileHashTests
{
    [Fact]
    public async Task ComputeAsync_LargeLog_HashesItWithoutHoldingIt()
    {
        const long size = 64L * 1024 * 1024;
        using var expected = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var reference = new PatternStream(size))
        {
            var chunk = new byte[81920];
            int read;
            while ((read = reference.Read(chunk)) > 0)
            {
                expected.AppendData(chunk, 0, read);
            }
        }

        await using var log = new PatternStream(size);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var actual = await LogFileHash.ComputeAsync(log);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(Convert.ToHexStringLower(expected.GetHashAndReset()), actual);
        Assert.True(allocated < 4 * 1024 * 1024, $"allocated {allocated:N0} bytes to hash a {size:N0}-byte log");
    }

    /// <summary>A read-only, non-seekable stream of <paramref name="length"/> bytes that exists only as it is read.</summary>
    private sealed class PatternStream(long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(buffer.Length, length - _position);
            for (var i = 0; i < n; i++)
            {
                buffer[i] = (byte)((_position + i) * 31 % 251);
            }

            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
