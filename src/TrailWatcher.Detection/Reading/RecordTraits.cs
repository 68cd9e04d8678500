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

    /// <summary>The top-level <c>userIdentity</c> opens with <c>{"type":"Root"</c> (ASCII case ignored).</summary>
    RootIdentity = 32,

    /// <summary>The top-level <c>userIdentity</c> opens with <c>{"type":"IAMUser"</c>.</summary>
    IamUserIdentity = 64,

    /// <summary>The top-level <c>userIdentity</c> opens with <c>{"type":"AssumedRole"</c>.</summary>
    AssumedRoleIdentity = 128,

    /// <summary>The top-level <c>userIdentity</c> opens with <c>{"type":"AWSService"</c>.</summary>
    AwsServiceIdentity = 256,

    /// <summary>The top-level <c>userIdentity</c> opens with a <c>type</c> of another value (FederatedUser, AWSAccount, …).</summary>
    OtherIdentity = 512,

    /// <summary>
    /// The record has a top-level <c>userIdentity</c> whose type the reader did not read: not written compactly as its
    /// first key. Every condition on the type must admit such a record.
    /// </summary>
    UnreadIdentity = 1024,
}
