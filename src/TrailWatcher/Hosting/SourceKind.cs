namespace TrailWatcher.Hosting;

/// <summary>Where <c>run</c> takes its log objects from (<c>TrailWatcher:Source</c>).</summary>
internal enum SourceKind
{
    /// <summary>A local directory, watched for new files (the built-in default).</summary>
    Directory,

    /// <summary>S3 object-created notifications from an SQS queue.</summary>
    Sqs,
}
