namespace TrailWatcher.Detection.Tests.Reading;

/// <summary>One generated CloudTrail-like log and how it is delivered to the reader.</summary>
/// <param name="Records">Each record as compact JSON.</param>
/// <param name="Before">A top-level value written before Records, or null for none.</param>
/// <param name="After">A top-level value written after Records, or null for none.</param>
/// <param name="Layout">How the log is written out.</param>
/// <param name="ByteOrderMark">Whether a UTF-8 byte order mark comes first.</param>
/// <param name="GzipMembers">0 for plain JSON, else the number of concatenated gzip members.</param>
/// <param name="BufferSize">The reader's initial buffer size.</param>
/// <param name="MaxChunk">Largest number of bytes the source stream returns per read.</param>
/// <param name="Seed">Drives whitespace, escaping, chunk sizes and the gzip split.</param>
/// <param name="Async">Read with ReadAsync instead of Read.</param>
public sealed record LogCase(
    IReadOnlyList<string> Records,
    string? Before,
    string? After,
    JsonLayout Layout,
    bool ByteOrderMark,
    int GzipMembers,
    int BufferSize,
    int MaxChunk,
    int Seed,
    bool Async)
{
    public override string ToString()
        => $"{Records.Count} records, {Layout}, bom={ByteOrderMark}, gzip members={GzipMembers}, buffer={BufferSize}, chunk<={MaxChunk}, seed={Seed}, async={Async}, before={Before}, after={After}, records=[{string.Join(",", Records)}]";
}
