namespace TrailWatcher.Pipeline;

/// <summary>Passes reads through and counts the bytes, to report how much was read as stored (before decompression).</summary>
internal sealed class CountingStream(Stream inner) : PassThroughReadStream(inner)
{
    public long BytesRead => Seen;
}
