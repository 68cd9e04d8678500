using System.Security.Cryptography;

namespace TrailWatcher.Pipeline;

/// <summary>Hashes (SHA-256) the bytes read through it, so a log file is hashed by the same read that evaluates it.</summary>
/// <remarks>
/// CloudTrail's digests list the SHA-256 of a log file's uncompressed content, so this sits over the decompressed
/// stream. <see cref="IncrementalHash"/> uses the CPU's SHA extensions where it has them.
/// </remarks>
internal sealed class HashingStream(Stream inner) : PassThroughReadStream(inner)
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = base.Read(buffer, offset, count);
        _hash.AppendData(buffer, offset, read);
        return read;
    }

    public override int Read(Span<byte> buffer)
    {
        var read = base.Read(buffer);
        _hash.AppendData(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await base.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _hash.AppendData(buffer.Span[..read]);
        return read;
    }

    /// <summary>Lower-case hex SHA-256 of everything read so far; call once, at the end of the content.</summary>
    public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        _hash.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
