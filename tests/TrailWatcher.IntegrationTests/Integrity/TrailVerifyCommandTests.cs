using System.Text.Json.Nodes;
using Amazon.S3;
using Amazon.S3.Model;
using Xunit;

namespace TrailWatcher.IntegrationTests.Integrity;

/// <summary>`trailwatcher verify s3://…` (and its older name `trail verify`) run as a process against a trail bucket in the emulator: gzipped logs and digests signed as CloudTrail signs them.</summary>
[Collection(AwsEmulatorCollection.Name)]
public sealed class TrailVerifyCommandTests(AwsEmulatorFixture emulator) : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset Hour = new(2024, 1, 15, 10, 1, 31, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private readonly SignedTrail _trail = new(AwsEmulatorFixture.UniqueName("trail"));
    private readonly string _directory = Directory.CreateTempSubdirectory("tw-verify-").FullName;
    private readonly List<string> _logs = [];
    private AmazonS3Client? _s3;

    private AmazonS3Client S3 => _s3 ?? throw new InvalidOperationException("not initialised");

    private string KeyFile => Path.Combine(_directory, "public-keys.json");

    public async Task InitializeAsync()
    {
        _s3 = emulator.CreateS3Client();
        await emulator.CreateBucketAsync(_trail.Bucket);
        for (var hour = 0; hour < 3; hour++)
        {
            var end = Hour.AddHours(hour);
            var logs = new[] { _trail.AddLog(end.AddMinutes(-40), Event("RunInstances", end)), _trail.AddLog(end.AddMinutes(-10), Event("PutBucketPolicy", end)) };
            _logs.AddRange(logs);
            _trail.AddDigest(end, logs);
        }

        foreach (var (key, stored) in _trail.Objects)
        {
            await PutAsync(key, stored);
        }

        await File.WriteAllTextAsync(KeyFile, _trail.PublicKeyFile());
    }

    [Fact]
    public async Task TrailVerify_UntouchedThenOneLogFileChanged_Exit0ThenExit1NamingTheFile()
    {
        var clean = await VerifyAsync($"s3://{_trail.Bucket}", oldName: true);

        Assert.True(clean.ExitCode == 0, $"exit {clean.ExitCode}\nstdout:\n{clean.StandardOutput}\nstderr:\n{clean.StandardError}");
        Assert.Equal("", clean.StandardOutput);
        Assert.Contains("3 digests (0 backfill), 6 log files checked, signatures checked, 0 problems", clean.StandardError, StringComparison.Ordinal);
        Assert.Matches(new System.Text.RegularExpressions.Regex(@"111122223333\s+us-east-1\s+3\s+6\s+verified\s+0\n"), clean.StandardError);

        _trail.ReplaceLog(_logs[2], Event("DeleteTrail", Hour));
        await PutAsync(_logs[2], _trail.Objects[_logs[2]]);
        var tampered = await VerifyAsync($"s3://{_trail.Bucket}/AWSLogs/");

        Assert.True(tampered.ExitCode == 1, $"exit {tampered.ExitCode}\nstdout:\n{tampered.StandardOutput}\nstderr:\n{tampered.StandardError}");
        var alert = Assert.Single(tampered.Alerts);
        Assert.Equal("TrailWatcher.Integrity.LogFileHashMismatch", alert.GetProperty("rule_id").GetString());
        Assert.Equal($"s3://{_trail.Bucket}/{_logs[2]}", alert.GetProperty("source").GetString());
        var line = Assert.Single(tampered.StandardError.Split('\n'), l => l.StartsWith("LOG FILE CHANGED", StringComparison.Ordinal));
        Assert.StartsWith($"LOG FILE CHANGED s3://{_trail.Bucket}/{_logs[2]}: ", line, StringComparison.Ordinal);
        Assert.Contains("1 problems", tampered.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrailVerify_EndpointNotListening_Exit2SayingItCannotRead()
    {
        var result = await VerifyAsync($"s3://{_trail.Bucket}", serviceUrl: "http://127.0.0.1:9");

        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}\nstdout:\n{result.StandardOutput}\nstderr:\n{result.StandardError}");
        Assert.Contains($"error: cannot read s3://{_trail.Bucket}", result.StandardError, StringComparison.Ordinal);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _s3?.Dispose();
        _trail.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<ProcessResult> VerifyAsync(string location, string? serviceUrl = null, bool oldName = false)
    {
        var environment = new Dictionary<string, string>
        {
            ["TrailWatcher__Aws__ServiceUrl"] = serviceUrl ?? emulator.ServiceUrl,
            ["TrailWatcher__S3__ForcePathStyle"] = "true",
            ["TrailWatcher__S3__MaxRetries"] = "0",
            ["AWS_ACCESS_KEY_ID"] = AwsEmulatorFixture.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = AwsEmulatorFixture.SecretKey,
            ["AWS_REGION"] = AwsEmulatorFixture.DefaultRegion,
        };
        string[] command = oldName ? ["trail", "verify", location, "--public-keys", KeyFile] : ["verify", location, "--public-key", KeyFile];
        await using var process = TrailWatcherProcess.Start(_directory, environment, command);
        var code = await process.WaitForExitAsync(Timeout);
        return new ProcessResult(code, process.StandardOutput, process.StandardError);
    }

    private async Task PutAsync(string key, TrailObject stored)
    {
        using var body = new MemoryStream(stored.Content, writable: false);
        var request = new PutObjectRequest { BucketName = _trail.Bucket, Key = key, InputStream = body, ContentType = "application/json", AutoCloseStream = false };
        if (stored.Signature is not null)
        {
            // CloudTrail stores a digest's signature in user metadata: x-amz-meta-signature.
            request.Metadata.Add("signature", stored.Signature);
            request.Metadata.Add("signature-algorithm", "SHA256withRSA");
        }

        await S3.PutObjectAsync(request);
    }

    private static JsonObject Event(string name, DateTimeOffset time) => new()
    {
        ["eventVersion"] = "1.08",
        ["eventSource"] = "ec2.amazonaws.com",
        ["eventName"] = name,
        ["eventTime"] = time.AddMinutes(-30).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        ["eventID"] = Guid.NewGuid().ToString(),
    };
}
