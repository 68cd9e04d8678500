namespace TrailWatcher.Sources.Sqs;

/// <summary>What an SQS message turned out to be.</summary>
internal enum NotificationKind
{
    /// <summary>Announces log objects to read.</summary>
    Objects,

    /// <summary>A test or confirmation message (s3:TestEvent, CloudTrail's validation message, SNS subscription): deleted.</summary>
    Control,

    /// <summary>A well-formed S3 notification about something other than a created object (a deletion): deleted.</summary>
    Ignored,

    /// <summary>No known format: left on the queue for its redrive policy to move to the dead-letter queue.</summary>
    Unknown,
}
