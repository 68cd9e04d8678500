using TrailWatcher.Detection.Reading;

namespace TrailWatcher.Detection.Tests.Reading;

/// <summary>What a reader delivered from one log: copies of its records, and the fault that stopped it, if any.</summary>
internal sealed record ReadResult(IReadOnlyList<ReadRecord> Records, CloudTrailFormatException? Fault, long BytesConsumed);
