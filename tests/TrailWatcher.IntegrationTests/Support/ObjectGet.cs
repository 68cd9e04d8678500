namespace TrailWatcher.IntegrationTests.Support;

/// <summary>One S3 object GET seen by <see cref="FaultProxy"/>: the key (bucket/key path), its Range header if any, and how many GETs of the key came before.</summary>
internal readonly record struct ObjectGet(string Path, string? Range, int EarlierGetsOfPath);
