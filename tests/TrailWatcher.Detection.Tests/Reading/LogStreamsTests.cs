using System.Text;
using TrailWatcher.Detection.Reading;

namespace TrailWatcher.Detection.Tests.Reading;

public class LogStreamsTests
{
    private const string Log = """{"Records":[{"eventSource":"s3.amazonaws.com","eventName":"GetObject"},{"eventName":"PutObject"}]}""";

    [Fact]
    public void OpenDecompressed_GzippedNonSeekableStream_YieldsJson()
    {
        var gz = ReaderHarness.Gzip(Encoding.UTF8.GetBytes(Log));

        using var stream = LogStreams.OpenDecompressed(ChunkedStream.OneByteAtATime(gz));
        using var text = new StreamReader(stream);

        Assert.Equal(Log, text.ReadToEnd());
    }

    [Fact]
    public void OpenDecompressed_PlainNonSeekableStream_YieldsBytesUnchanged()
    {
        using var stream = LogStreams.OpenDecompressed(ChunkedStream.OneByteAtATime(Encoding.UTF8.GetBytes(Log)));
        using var text = new StreamReader(stream);

        Assert.Equal(Log, text.ReadToEnd());
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("\u001f")]
    public void OpenDecompressed_ShorterThanMagic_YieldsBytesUnchanged(string content)
    {
        using var stream = LogStreams.OpenDecompressed(new MemoryStream(Encoding.UTF8.GetBytes(content)));
        using var text = new StreamReader(stream);

        Assert.Equal(content, text.ReadToEnd());
    }

    [Fact]
    public async Task OpenDecompressedAsync_Gzipped_YieldsJson()
    {
        var gz = ReaderHarness.Gzip(Encoding.UTF8.GetBytes(Log));

        await using var stream = await LogStreams.OpenDecompressedAsync(ChunkedStream.Random(gz, seed: 1, maxChunk: 3));
        using var text = new StreamReader(stream);

        Assert.Equal(Log, await text.ReadToEndAsync());
    }

    [Fact]
    public void Reader_MultiMemberGzip_ReadsAllMembers()
    {
        var bytes = Encoding.UTF8.GetBytes(Log);
        var split = bytes.Length / 2;
        var twoMembers = ReaderHarness.Gzip(bytes.AsSpan(0, split)).Concat(ReaderHarness.Gzip(bytes.AsSpan(split))).ToArray();

        var result = ReaderHarness.Read(LogStreams.OpenDecompressed(ChunkedStream.Random(twoMembers, seed: 5, maxChunk: 7)), bufferSize: 16);

        Assert.Null(result.Fault);
        Assert.Equal(["GetObject", "PutObject"], result.Records.Select(r => r.EventName));
        Assert.Equal(bytes.Length, result.BytesConsumed);
    }

    [Fact]
    public void Reader_CorruptGzip_ThrowsFormatExceptionNamingSource()
    {
        var gz = ReaderHarness.Gzip(Encoding.UTF8.GetBytes(Log));
        // Keep the header so the sniffer picks gzip; wreck the deflate data after it.
        for (var i = 10; i < gz.Length - 8; i++)
        {
            gz[i] = 0xFF;
        }

        var result = ReaderHarness.Read(LogStreams.OpenDecompressed(new MemoryStream(gz)));

        Assert.NotNull(result.Fault);
        Assert.Equal(ReaderHarness.Source, result.Fault.Source);
        Assert.StartsWith("corrupt compressed data: ", result.Fault.Reason, StringComparison.Ordinal);
        Assert.Contains(ReaderHarness.Source, result.Fault.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidDataException>(result.Fault.InnerException);
    }

    [Fact]
    public void Reader_TruncatedGzip_ThrowsFormatException()
    {
        var gz = ReaderHarness.Gzip(Encoding.UTF8.GetBytes(Log));

        var result = ReaderHarness.Read(LogStreams.OpenDecompressed(new MemoryStream(gz[..(gz.Length / 2)])));

        Assert.NotNull(result.Fault);
    }
}
