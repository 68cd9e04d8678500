using TrailWatcher.Detection.Rules;

namespace TrailWatcher.Pipeline;

/// <summary>A record some rule may match, copied out of the reader's buffer with the rules to try on it.</summary>
/// <param name="Json">The record's JSON, copied out of the reader's buffer.</param>
/// <param name="Rules">The candidate rules the index and guards left.</param>
/// <param name="Index">The record's position in its file.</param>
/// <param name="OversizedBytes">Not 0 for a record past the record limit: it has no JSON, and becomes an oversized-record signal.</param>
/// <param name="ByteOffset">Where the record starts in the uncompressed log.</param>
internal readonly record struct CandidateRecord(byte[] Json, Rule[] Rules, long Index, long OversizedBytes = 0, long ByteOffset = 0);
