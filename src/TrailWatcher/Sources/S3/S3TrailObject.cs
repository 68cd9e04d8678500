namespace TrailWatcher.Sources.S3;

/// <summary>A log object found by listing: its key and size in bytes as stored.</summary>
internal readonly record struct S3TrailObject(string Key, long Size);
