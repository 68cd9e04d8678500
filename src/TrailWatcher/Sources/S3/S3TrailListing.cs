namespace TrailWatcher.Sources.S3;

/// <summary>What a walk of a trail's folders found: the log objects to read and the keys passed over (digests, non-logs).</summary>
internal sealed record S3TrailListing(IReadOnlyList<S3TrailObject> Logs, IReadOnlyList<string> Skipped);
