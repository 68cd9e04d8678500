namespace TrailWatcher.Benchmarks.Generation;

/// <summary>One planted PutBucketLogging record and where it was written.</summary>
internal sealed record PlantedEvent(string EventId, PlantKind Kind, string File, int Position);
