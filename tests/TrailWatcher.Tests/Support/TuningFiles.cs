namespace TrailWatcher.Tests.Support;

/// <summary>Tuning files for the seed detection (<c>AWS.S3.DisableBucketLogging</c>), written where a test points <c>--tuning</c> or the setting.</summary>
internal static class TuningFiles
{
    /// <summary>Silences the seed rule's matches on events whose eventID starts with <c>quiet-</c>.</summary>
    public const string QuietEvents = "quiet-events";

    /// <summary>Silences the seed rule's matches on the bucket every seed event names (its embedded tests' bucket too).</summary>
    public const string CriticalBucket = "critical-bucket";

    /// <summary>An exception <see cref="QuietEvents"/> on the seed rule, applying through <paramref name="expires"/> (YYYY-MM-DD) when given.</summary>
    public static string QuietEventIds(string directory, string? expires = null, string name = QuietEvents)
    {
        var expiry = expires is null ? "" : $"\n        expires: {expires}";
        return Write(directory, "quiet.yml", $"""
            tuning:
              - rules: AWS.S3.DisableBucketLogging
                exceptions:
                  - name: {name}
                    reason: Events a test marks as expected
                    owner: tests@example.com{expiry}
                    condition:
                      field: eventID
                      starts_with: quiet-
            """);
    }

    /// <summary>The seed rule raised to high severity, with the <see cref="CriticalBucket"/> exception.</summary>
    public static string CriticalBucketAndHighSeverity(string directory) => Write(directory, "critical.yml", $"""
        tuning:
          - rules: AWS.S3.DisableBucketLogging
            severity: high
            exceptions:
              - name: {CriticalBucket}
                reason: The critical bucket's logging is managed by its own pipeline
                owner: storage-team@example.com
                expires: 2099-12-31
                condition:
                  field: requestParameters.bucketName
                  starts_with: critical-
        """);

    public static string Write(string directory, string name, string yaml)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, yaml);
        return path;
    }
}
