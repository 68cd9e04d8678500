namespace TrailWatcher.Detection.Reading;

/// <summary>What one attempt to advance <see cref="CloudTrailReader"/> over its buffered bytes produced.</summary>
internal enum ReadStep
{
    /// <summary>A record is ready in <see cref="CloudTrailReader.Current"/>.</summary>
    Record,

    /// <summary>The log ended cleanly.</summary>
    End,

    /// <summary>The buffered bytes do not reach the next decision; refill and try again.</summary>
    NeedMore,
}
