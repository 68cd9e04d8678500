using TrailWatcher.Detection.Integrity;
using TrailWatcher.Detection.Reading;

namespace TrailWatcher.Integrity;

/// <summary>Reads one announced digest: gone, unreadable or parsed (whole: digests are small).</summary>
internal static class DigestReading
{
    /// <summary>The parsed digest and its signature, or the finding that says why there is none.</summary>
    /// <exception cref="IOException">The store could not be read (not the object's absence): try again later.</exception>
    public static async Task<(SignedDigest? Digest, IntegrityFinding? Finding)> ReadAsync(ITrailObjectStore store, string bucket, string key, CancellationToken cancellationToken)
    {
        var location = $"s3://{bucket}/{key}";
        var stored = await store.OpenAsync(bucket, key, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return (null, new IntegrityFinding(IntegrityFindingKind.DigestMissing, location, "announced, then gone before it could be read"));
        }

        byte[] content;
        try
        {
            content = await LogStreams.ReadAllDecompressedAsync(stored.Content, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            return (null, new IntegrityFinding(IntegrityFindingKind.MalformedDigest, location, $"not valid gzip ({ex.Message})"));
        }

        try
        {
            return (new SignedDigest(DigestFileParser.Parse(content, location), stored.Signature), null);
        }
        catch (DigestFormatException ex)
        {
            return (null, new IntegrityFinding(IntegrityFindingKind.MalformedDigest, location, ex.Message));
        }
    }
}
