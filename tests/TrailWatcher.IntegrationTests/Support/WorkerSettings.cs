using System.Globalization;

namespace TrailWatcher.IntegrationTests.Support;

/// <summary>The environment of one `TrailWatcher run` in SQS mode, with test-sized defaults.</summary>
internal sealed record WorkerSettings(string QueueUrl, string ServiceUrl, string AlertFile)
{
    public int MaxMessages { get; init; } = 10;

    /// <summary>Long-poll wait; short so a stopping worker is not stuck in a receive.</summary>
    public int WaitTimeSeconds { get; init; } = 1;

    /// <summary>Short, so that redelivery after a crash, a failure or a missed extension shows within a test.</summary>
    public int VisibilityTimeoutSeconds { get; init; } = 10;

    public int MaxConcurrentObjects { get; init; } = 2;

    public int? ShutdownGraceSeconds { get; init; }

    /// <summary>Further settings (environment variable names), e.g. another sink.</summary>
    public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> ToEnvironment()
    {
        var environment = new Dictionary<string, string>
        {
            ["TrailWatcher__Source"] = "Sqs",
            ["TrailWatcher__Sqs__QueueUrl"] = QueueUrl,
            ["TrailWatcher__Sqs__MaxMessages"] = Text(MaxMessages),
            ["TrailWatcher__Sqs__WaitTimeSeconds"] = Text(WaitTimeSeconds),
            ["TrailWatcher__Sqs__VisibilityTimeoutSeconds"] = Text(VisibilityTimeoutSeconds),
            ["TrailWatcher__Sqs__MaxConcurrentObjects"] = Text(MaxConcurrentObjects),
            ["TrailWatcher__S3__ForcePathStyle"] = "true",
            ["TrailWatcher__Aws__ServiceUrl"] = ServiceUrl,
            ["TrailWatcher__Sinks__File__Path"] = AlertFile,
            ["TrailWatcher__Sinks__Console__Enabled"] = "false",
            // These tests check delivery per event (one alert line per matching eventID); their events share one
            // bucket, which the seed rule's dedup would fold into one alert per hour.
            ["TrailWatcher__Dedup__Enabled"] = "false",
            ["AWS_ACCESS_KEY_ID"] = AwsEmulatorFixture.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = AwsEmulatorFixture.SecretKey,
            ["AWS_REGION"] = AwsEmulatorFixture.DefaultRegion,
        };
        foreach (var (name, value) in Extra)
        {
            environment[name] = value;
        }

        if (ShutdownGraceSeconds is { } grace)
        {
            environment["TrailWatcher__Sqs__ShutdownGraceSeconds"] = Text(grace);
        }

        return environment;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
