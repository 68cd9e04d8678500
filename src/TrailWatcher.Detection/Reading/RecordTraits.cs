namespace TrailWatcher.Detection.Reading;

/// <summary>What the reader noticed about a record while finding its end, at no extra pass: facts the rule index uses to skip a parse.</summary>
[Flags]
public enum RecordTraits
{
    None = 0,

    /// <summary>The record's bytes hold a backslash: some text may be spelled with escapes, so no text search can rule it out.</summary>
    Escaped = 1,

    /// <summary>The record has a top-level <c>errorCode</c> key.</summary>
    ErrorCode = 2,

    /// <summary>The record has a top-level <c>errorMessage</c> key.</summary>
    ErrorMessage = 4,

    /// <summary>The record has a top-level <c>vpcEndpointId</c> key: the call came through a VPC endpoint.</summary>
    VpcEndpoint = 8,

    /// <summary>
    /// The record was larger than the reader's record limit and was skipped: its JSON and fields are empty, and
    /// <see cref="CloudTrailReader.OversizedRecordBytes"/> tells its size.
    /// </summary>
    Oversized = 16,
}
