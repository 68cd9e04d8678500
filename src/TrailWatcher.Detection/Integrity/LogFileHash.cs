using System.Buffers;
using System.Security.Cryptography;

namespace TrailWatcher.Detection.Integrity;

/// <summary>Hashes a log file's uncompressed content as it streams past and compares it with the digest's entry.</summary>
public static class LogFileHash
{
    private const int ChunkSize = 64 * 1024;

    /// <summary>Lower-case hex SHA-256 of everything <paramref name="uncompressed"/> yields, read in chunks (never held whole).</summary>
    public static async Task<string> ComputeAsync(Stream uncompressed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uncompressed);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            int read;
            while ((read = await uncompressed.ReadAsync(buffer.AsMemory(0, ChunkSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Null when the content matches the digest's hash; otherwise a finding naming the log file and the digest that lists it.</summary>
    public static async Task<IntegrityFinding?> CheckAsync(DigestLogFile logFile, Stream uncompressed, DigestFile listedIn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(logFile);
        ArgumentNullException.ThrowIfNull(listedIn);
        var actual = await ComputeAsync(uncompressed, cancellationToken).ConfigureAwait(false);
        return string.Equals(actual, logFile.HashValue, StringComparison.OrdinalIgnoreCase)
            ? null
            : Changed(logFile, listedIn, actual);
    }

    /// <summary>The finding for a listed log file that is not in the bucket.</summary>
    public static IntegrityFinding Missing(DigestLogFile logFile, DigestFile listedIn)
    {
        ArgumentNullException.ThrowIfNull(logFile);
        ArgumentNullException.ThrowIfNull(listedIn);
        return new IntegrityFinding(IntegrityFindingKind.LogFileMissing, logFile.Location, $"listed in {listedIn.Location}, not in the bucket");
    }

    private static IntegrityFinding Changed(DigestLogFile logFile, DigestFile listedIn, string actual) =>
        new(IntegrityFindingKind.LogFileHashMismatch, logFile.Location, $"SHA-256 of its content is {actual}, {listedIn.Location} lists {logFile.HashValue.ToLowerInvariant()}");
}
