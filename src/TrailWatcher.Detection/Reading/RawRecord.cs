namespace TrailWatcher.Detection.Reading;

/// <summary>One CloudTrail record as it stands in the log: its raw UTF-8 JSON, the two top-level fields the rule index keys on, and its eventTime.</summary>
/// <remarks>
/// The memory belongs to the reader and is valid only until the next read; copy it (<see cref="Json"/>.ToArray())
/// to keep it. <see cref="EventSource"/>, <see cref="EventName"/> and <see cref="EventTime"/> are already unescaped
/// UTF-8, empty when the record has no such top-level string. EventTime stays raw text: CloudTrail writes it as
/// ISO-8601 UTC, which orders correctly as bytes, so the newest time of an object is found without parsing each one.
/// <see cref="Traits"/> may err only towards more: a trait it lacks, the record certainly lacks. <see cref="Identity"/>
/// is where, within <see cref="Json"/>, the value of the record's one top-level <c>userIdentity</c> stands when it is an
/// object or array; empty when there is none, more than one, or the record was not scanned for it.
/// </remarks>
public readonly record struct RawRecord(
    ReadOnlyMemory<byte> Json,
    ReadOnlyMemory<byte> EventSource,
    ReadOnlyMemory<byte> EventName,
    ReadOnlyMemory<byte> EventTime,
    long Index,
    long ByteOffset,
    RecordTraits Traits = RecordTraits.None,
    Range Identity = default);
