namespace TrailWatcher.Sources;

/// <summary>The files a scan reads, the ones it passes over (digests, non-logs) and the paths that do not exist.</summary>
internal sealed record ScanInputList(IReadOnlyList<string> Files, IReadOnlyList<string> Skipped, IReadOnlyList<string> Missing);
