using System.IO.Compression;

namespace TrailWatcher.Detection.Reading;

/// <summary>Opens a log object's bytes as uncompressed JSON, whether or not it was gzipped.</summary>
public static class LogStreams
{
    /// <summary>Returns a stream of the uncompressed bytes: a <see cref="GZipStream"/> when the object starts with the gzip magic, otherwise the bytes as they are.</summary>
    /// <remarks>
    /// Sniffing the content rather than trusting the key's extension copes with logs copied under other names.
    /// Works on non-seekable streams. Disposing the returned stream disposes <paramref name="raw"/>.
    /// Concatenated gzip members (as some tools write) are read through to the end.
    /// </remarks>
    public static Stream OpenDecompressed(Stream raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        Span<byte> magic = stackalloc byte[2];
        var read = 0;
        while (read < magic.Length)
        {
            var n = raw.Read(magic[read..]);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        var replay = new PrefixedStream(magic[..read].ToArray(), raw);
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b
            ? new GZipStream(replay, CompressionMode.Decompress, leaveOpen: false)
            : replay;
    }

    /// <summary>Like <see cref="OpenDecompressed(Stream)"/>, reading the two sniffed bytes asynchronously (for network bodies).</summary>
    public static async ValueTask<Stream> OpenDecompressedAsync(Stream raw, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var magic = new byte[2];
        var read = 0;
        while (read < magic.Length)
        {
            var n = await raw.ReadAsync(magic.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        var replay = new PrefixedStream(magic.AsSpan(0, read).ToArray(), raw);
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b
            ? new GZipStream(replay, CompressionMode.Decompress, leaveOpen: false)
            : replay;
    }

    /// <summary>Reads a small object (a digest) whole and uncompressed; disposes <paramref name="raw"/>.</summary>
    /// <exception cref="InvalidDataException">The object starts like gzip but is not valid gzip.</exception>
    public static async Task<byte[]> ReadAllDecompressedAsync(Stream raw, CancellationToken cancellationToken = default)
    {
        await using var owned = raw;
        await using var uncompressed = await OpenDecompressedAsync(owned, cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        await uncompressed.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }
}
