namespace TrailWatcher.Detection.Reading;

/// <summary>A log object that cannot be read on: corrupt compression, truncated or invalid JSON, or a document that is not a CloudTrail log.</summary>
public sealed class CloudTrailFormatException : Exception
{
    public CloudTrailFormatException(string source, long byteOffset, long recordIndex, string reason, Exception? inner = null)
        : base($"{source}: {reason} (at byte {byteOffset} of the uncompressed log, record {recordIndex})", inner)
    {
        Source = source;
        ByteOffset = byteOffset;
        RecordIndex = recordIndex;
        Reason = reason;
    }

    /// <summary>The file path or s3://bucket/key being read.</summary>
    public new string Source { get; }

    /// <summary>Offset into the uncompressed JSON where reading stopped.</summary>
    public long ByteOffset { get; }

    /// <summary>Index of the record being read when the fault was found (records before it were delivered).</summary>
    public long RecordIndex { get; }

    public string Reason { get; }
}
