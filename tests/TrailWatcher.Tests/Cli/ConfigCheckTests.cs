using Xunit;

namespace TrailWatcher.Tests.Cli;

public sealed class ConfigCheckTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _dir = Directory.CreateTempSubdirectory("tw-cfg-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task ConfigCheck_Defaults_AreValid()
    {
        var result = await CheckAsync(new Dictionary<string, string>());

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("configuration OK: source Directory", result.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TrailWatcher__Source", "Kafka", "TrailWatcher:Source: 'Kafka' is not one of Directory, Sqs")]
    [InlineData("TrailWatcher__Pipeline__ChannelCapacity", "lots", "TrailWatcher:Pipeline:ChannelCapacity: 'lots' is not a valid Int32")]
    [InlineData("TrailWatcher__Pipeline__ChannelCapacity", "0", "TrailWatcher:Pipeline:ChannelCapacity:")]
    [InlineData("TrailWatcher__Metrics__BindAddress", "localhost.example", "TrailWatcher:Metrics:BindAddress: 'localhost.example' is not an IP address")]
    [InlineData("TrailWatcher__Metrics__Port", "70000", "TrailWatcher:Metrics:Port:")]
    [InlineData("TrailWatcher__Sinks__Console__Enabled", "false", "no sink is enabled")]
    public async Task ConfigCheck_EachKindOfMistake_IsNamed(string variable, string value, string expected)
    {
        var result = await CheckAsync(new Dictionary<string, string> { [variable] = value });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigCheck_SqsSourceMistakes_AreAllReportedAtOnce()
    {
        var result = await CheckAsync(new Dictionary<string, string>
        {
            ["TrailWatcher__Source"] = "Sqs",
            ["TrailWatcher__Sqs__MaxMessages"] = "11",
            ["TrailWatcher__Aws__ServiceUrl"] = "not a url",
            ["TrailWatcher__Aws__Region"] = "mars-1",
            ["TrailWatcher__S3__ExpectedBucketOwner"] = "12345",
            ["TrailWatcher__S3__AllowedBuckets__0"] = "trail-bucket/AWSLogs/",
            ["TrailWatcher__S3__AllowedBuckets__1"] = "Not_A_Bucket",
        });

        Assert.Equal(2, result.ExitCode);
        foreach (var setting in new[] { "TrailWatcher:Sqs:QueueUrl", "TrailWatcher:Sqs:MaxMessages", "TrailWatcher:Aws:ServiceUrl", "TrailWatcher:Aws:Region", "TrailWatcher:S3:ExpectedBucketOwner", "TrailWatcher:S3:AllowedBuckets:1" })
        {
            // Once each: the AWS section serves both the SQS source and the SQS sink.
            Assert.Single(result.StandardOutput.Split('\n'), l => l.Contains(setting + ":", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task ConfigCheck_CrossFieldProblemAlone_IsReportedOnce()
    {
        var result = await CheckAsync(new Dictionary<string, string>
        {
            ["TrailWatcher__Dedup__Redis"] = "127.0.0.1:1,bogus=1",
        });

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.StandardOutput.Split('\n'), l => l.Contains("TrailWatcher:Dedup:Redis:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConfigCheck_UnconvertibleValues_DoNotHideTheOtherProblemsOfTheirSection()
    {
        var result = await CheckAsync(new Dictionary<string, string>
        {
            ["TrailWatcher__Source"] = "Sqs",
            ["TrailWatcher__Sqs__QueueUrl"] = "http://127.0.0.1:1/000000000000/q",
            ["TrailWatcher__Sqs__MaxMessages"] = "ten",
            ["TrailWatcher__Sqs__WaitTimeSeconds"] = "99",
            ["TrailWatcher__Sqs__VisibilityTimeoutSeconds"] = "soon",
            ["TrailWatcher__Sinks__Webhook__Url"] = "http://127.0.0.1:1/hook",
            ["TrailWatcher__Sinks__Webhook__Resilience__MinimumThroughput"] = "many",
            ["TrailWatcher__Sinks__Webhook__Headers__Authorization"] = "Bearer t",
            ["TrailWatcher__Sinks__File__MaxBytes"] = "big",
        });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("TrailWatcher:Sqs:MaxMessages: 'ten' is not a valid Int32", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("TrailWatcher:Sqs:VisibilityTimeoutSeconds: 'soon' is not a valid Int32", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("TrailWatcher:Sinks:Webhook:Resilience:MinimumThroughput: 'many' is not a valid Int32", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("TrailWatcher:Sinks:File:MaxBytes: 'big' is not a valid Int64", result.StandardOutput, StringComparison.Ordinal);

        // The range check of the same section still runs, and a setting that failed to convert is not reported twice.
        Assert.Contains("TrailWatcher:Sqs:WaitTimeSeconds:", result.StandardOutput, StringComparison.Ordinal);
        Assert.Single(result.StandardOutput.Split('\n'), l => l.Contains("TrailWatcher:Sqs:MaxMessages", StringComparison.Ordinal));
        Assert.DoesNotContain("Bearer t", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigCheck_BrokenRuleFileAndMissingRuleDirectory_AreNamed()
    {
        var rules = Path.Combine(_dir, "rules");
        Directory.CreateDirectory(rules);
        await File.WriteAllTextAsync(Path.Combine(rules, "bad.yml"), "id: X\ntitle: t\ndescription: d\nseverity: urgent\ncondition:\n  field: eventName\n  equals: A\n");

        var result = await CheckAsync(new Dictionary<string, string> { ["TrailWatcher__Rules__Directories__0"] = Path.Combine(_dir, "missing") }, "--rules", rules);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("missing", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("bad.yml:4:", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("urgent", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigCheck_BadTuningFromSettingsAndCommandLine_NamesEveryProblemWithFileAndLine()
    {
        var fromSettings = Support.TuningFiles.Write(_dir, "settings.yml", """
            tuning:
              - rules: AWS.S3.NoSuchRule
                enabled: false
              - rules: AWS.S3.DisableBucketLogging
                exceptions:
                  - name: ci
                    reason: CI
                    owner: ci@example.com
                    expires: 2027-02-30
                    condition: {field: sourceIPAddress, equals: 10.0.0.1}
            """);
        var fromCommandLine = Support.TuningFiles.Write(_dir, "cli.yml", "tuning:\n  - rules: AWS.S3.*\n    severty: high\n");

        var result = await CheckAsync(
            new Dictionary<string, string>
            {
                ["TrailWatcher__Rules__Tuning__0"] = fromSettings,
                ["TrailWatcher__Rules__Tuning__1"] = Path.Combine(_dir, "missing.yml"),
            },
            "--tuning",
            fromCommandLine);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"rules: {fromSettings}:2:12: unknown rule id 'AWS.S3.NoSuchRule'", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"rules: {fromSettings}:9:18: 'expires' expects a date written YYYY-MM-DD", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"rules: {fromCommandLine}:3:5: unknown tuning key 'severty'", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"TrailWatcher:Rules:Tuning:1: tuning file '{Path.Combine(_dir, "missing.yml")}' does not exist", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigCheck_TuningWithAnExpiredException_IsValidCountsTunedRulesAndWarns()
    {
        var tuning = Support.TuningFiles.QuietEventIds(_dir, expires: "2020-01-31");

        // Plain text logs: the JSON formatter would escape the quotes of the warning.
        var result = await CheckAsync(new Dictionary<string, string> { ["TrailWatcher__Rules__Tuning__0"] = tuning, ["Logging__Console__FormatterName"] = "simple" });

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(", 1 tuned)", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"{tuning}:4: exception 'quiet-events' of rule AWS.S3.DisableBucketLogging (owner tests@example.com) expired on 2020-01-31 and no longer applies", result.StandardError, StringComparison.Ordinal);
    }

    private async Task<ProcessResult> CheckAsync(Dictionary<string, string> environment, params string[] extra)
    {
        await using var process = TrailWatcherProcess.Start(_dir, environment, ["config", "check", .. extra]);
        var code = await process.WaitForExitAsync(Timeout);
        return new ProcessResult(code, process.StandardOutput, process.StandardError);
    }
}
