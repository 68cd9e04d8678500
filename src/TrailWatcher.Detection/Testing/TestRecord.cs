using TrailWatcher.Detection.Reading;

namespace TrailWatcher.Detection.Testing;

/// <summary>A test event as the pipeline would see it: the record's bytes and its unescaped top-level eventSource and eventName.</summary>
internal sealed record TestRecord(byte[] Json, byte[] EventSource, byte[] EventName, RecordTraits Traits, Range Identity);
