namespace TrailWatcher.Pipeline;

/// <summary>
/// Passes decompressed reads through and stops an object that expands past the configured size or compression ratio:
/// a small gzip crafted to inflate without end (a gzip bomb) must not hold a reader or its memory for the object's
/// whole timeout.
/// </summary>
internal sealed class DecompressionLimitStream(Stream inner, CountingStream raw, string name, long maxBytes, int maxRatio) : PassThroughReadStream(inner)
{
    // Below this, a high ratio is harmless (a small file of repeated text) and not worth refusing.
    private const long RatioFloor = 64L * 1024 * 1024;

    protected override void Observe(long total)
    {
        if (total > maxBytes)
        {
            throw new InputLimitException("object_bytes", $"{name}: decompresses to more than {maxBytes:N0} bytes (TrailWatcher:Pipeline:MaxObjectBytes); the records before that point were evaluated");
        }

        if (total > RatioFloor && raw.BytesRead > 0 && total / raw.BytesRead > maxRatio)
        {
            throw new InputLimitException("compression_ratio", $"{name}: expands more than {maxRatio}x its stored size (TrailWatcher:Pipeline:MaxCompressionRatio), as a gzip bomb does; the records before that point were evaluated");
        }
    }
}
