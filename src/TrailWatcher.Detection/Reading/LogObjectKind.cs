namespace TrailWatcher.Detection.Reading;

/// <summary>What an object in a CloudTrail bucket is, judged by its key.</summary>
public enum LogObjectKind
{
    /// <summary>A log of events (including CloudTrail Insights logs) to read.</summary>
    CloudTrailLog,

    /// <summary>A digest file for log file integrity validation; holds hashes, not events.</summary>
    Digest,

    /// <summary>Anything else: folder placeholders, write-check files, unrelated objects.</summary>
    NotALog,
}
