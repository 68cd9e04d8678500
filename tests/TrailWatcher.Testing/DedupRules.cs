namespace TrailWatcher.Testing;

/// <summary>A rule like the seed detection that groups its matches per account and bucket for an hour, written to a rule directory.</summary>
public static class DedupRules
{
    public const string RuleId = "Test.S3.DisableBucketLogging.PerBucket";

    /// <summary>Writes the rule into <paramref name="directory"/> and returns the directory, for <c>--rules</c>.</summary>
    public static string Write(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "per_bucket.yml"), $$"""
            id: {{RuleId}}
            title: S3 bucket logging disabled (one alert per bucket and hour)
            description: The seed detection, grouped per account and bucket.
            severity: medium
            dedup:
              key: "{recipientAccountId}:{requestParameters.bucketName}"
              period: 1h
            condition:
              all:
                - field: eventSource
                  equals: s3.amazonaws.com
                - field: eventName
                  equals: PutBucketLogging
                - field: errorCode
                  is_null: true
                - field: requestParameters.BucketLoggingStatus
                  exists: true
                - not:
                    field: requestParameters.BucketLoggingStatus.LoggingEnabled
                    exists: true
            """);
        return directory;
    }
}
