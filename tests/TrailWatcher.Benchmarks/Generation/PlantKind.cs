namespace TrailWatcher.Benchmarks.Generation;

/// <summary>The PutBucketLogging variants planted among the background records.</summary>
internal enum PlantKind
{
    None = 0,

    /// <summary>Logging switched off, call succeeded: AWS.S3.DisableBucketLogging must alert.</summary>
    LoggingDisabled,

    /// <summary>Logging switched on (LoggingEnabled present): must not alert.</summary>
    LoggingEnabledDecoy,

    /// <summary>Logging switched off but the call was refused: must not alert.</summary>
    AccessDeniedDecoy,
}
