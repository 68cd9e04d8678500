namespace TrailWatcher.Detection.Reading;

/// <summary>One CloudTrail record as it stands in the log: its raw UTF-8 JSON and the two top-level fields the rule index keys on.</summary>
/// <remarks>
/// The memory belongs to the reader and is valid only until the next read; copy it (<see cref="Json"/>.ToArray())
/// to keep it. <see cref="EventSource"/> and <see cref="EventName"/> are already unescaped UTF-8, empty when the
/// record has no such top-level string.
/// </remarks>
public readonly record struct RawRecord(
    ReadOnlyMemory<byte> Json,
    ReadOnlyMemory<byte> EventSource,
    ReadOnlyMemory<byte> EventName,
    long Index,
    long ByteOffset);
