using Xunit;

namespace TrailWatcher.IntegrationTests.Worker;

/// <summary>Settings errors in SQS mode stop the worker before it touches AWS. Needs no emulator.</summary>
public sealed class SqsWorkerSettingsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tw-sqs-settings-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Worker_InvalidSettings_FailsFastNamingEverySetting()
    {
        var environment = new Dictionary<string, string>
        {
            ["TrailWatcher__Source"] = "Sqs",
            ["TrailWatcher__Sqs__MaxMessages"] = "11",
            // A loopback port nothing listens on: the worker must fail on its settings, not on a connection.
            ["TrailWatcher__Aws__ServiceUrl"] = "http://127.0.0.1:9",
            ["TrailWatcher__Sinks__Console__Enabled"] = "false",
            ["AWS_ACCESS_KEY_ID"] = AwsEmulatorFixture.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = AwsEmulatorFixture.SecretKey,
            ["AWS_REGION"] = AwsEmulatorFixture.DefaultRegion,
        };
        await using var worker = TrailWatcherProcess.Start(_dir, environment, "run");

        var code = await worker.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.True(code == 2, $"Exit code {code}, not 2 (configuration error). stderr:\n{worker.StandardError}");
        // Every failure at once, by its full configuration path, so one fix-and-retry round is enough.
        Assert.Contains("TrailWatcher:Sqs:QueueUrl", worker.StandardError, StringComparison.Ordinal);
        Assert.Contains("TrailWatcher:Sqs:MaxMessages", worker.StandardError, StringComparison.Ordinal);
    }
}
