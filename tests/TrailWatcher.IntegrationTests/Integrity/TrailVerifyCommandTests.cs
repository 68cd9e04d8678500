using System.Text.Json.Nodes;
using Amazon.S3;
using Amazon.S3.Model;
using TrailWatcher.IntegrationTests.Support;
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
        Assert.Equal("TrailWatcher.Integrity.LogFileModified", alert.GetProperty("rule_id").GetString());
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

    [Fact]
    public async Task Verify_NoKeyFile_FetchesEveryPageOfListPublicKeysWithSignedCallsAndVerifies()
    {
        using var other = System.Security.Cryptography.RSA.Create(2048);
        // The API documents Value as DER PKCS#1: the trail's key comes that way, on the second page.
        using var server = new CloudTrailKeyServer(
            AwsEmulatorFixture.SecretKey,
            CloudTrailKeyServer.Page("page-1", (new string('0', 32), other.ExportRSAPublicKey())),
            CloudTrailKeyServer.Page(null, (_trail.Fingerprint, _trail.Key.ExportRSAPublicKey())));

        var result = await VerifyAsync($"s3://{_trail.Bucket}", cloudTrailUrl: server.BaseUrl);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\nstdout:\n{result.StandardOutput}\nstderr:\n{result.StandardError}");
        Assert.Matches(new System.Text.RegularExpressions.Regex(@"111122223333\s+us-east-1\s+3\s+6\s+verified\s+0\n"), result.StandardError);
        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal(200, r.Status));
        Assert.All(server.Requests, r => Assert.StartsWith($"AWS4-HMAC-SHA256 Credential={AwsEmulatorFixture.AccessKey}/", r.Header("Authorization"), StringComparison.Ordinal));
        Assert.All(server.Requests, r => Assert.Contains("/us-east-1/cloudtrail/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, ", r.Header("Authorization"), StringComparison.Ordinal));
        using var first = System.Text.Json.JsonDocument.Parse(server.Requests[0].Body);
        using var second = System.Text.Json.JsonDocument.Parse(server.Requests[1].Body);
        // The digests end at 10:01:31, 11:01:31 and 12:01:31: keys valid from the hour before the first to the last.
        Assert.Equal(Hour.AddHours(-1).ToUnixTimeSeconds(), first.RootElement.GetProperty("StartTime").GetInt64());
        Assert.Equal(Hour.AddHours(2).ToUnixTimeSeconds(), first.RootElement.GetProperty("EndTime").GetInt64());
        Assert.False(first.RootElement.TryGetProperty("NextToken", out _));
        Assert.Equal("page-1", second.RootElement.GetProperty("NextToken").GetString());
    }

    [Fact]
    public async Task Verify_ListPublicKeysRefused_Exit2NamingTheErrorAndTheWayAround()
    {
        using var server = new CloudTrailKeyServer(AwsEmulatorFixture.SecretKey, CloudTrailKeyServer.Page(null)) { Refuse = "AccessDeniedException" };

        var result = await VerifyAsync($"s3://{_trail.Bucket}", cloudTrailUrl: server.BaseUrl);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: cannot get CloudTrail's public keys (ListPublicKeys; or give --public-key FILE): ListPublicKeys in us-east-1", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("HTTP 400 AccessDeniedException: refused by the test", result.StandardError, StringComparison.Ordinal);
        Assert.Equal("", result.StandardOutput);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _s3?.Dispose();
        _trail.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<ProcessResult> VerifyAsync(string location, string? serviceUrl = null, bool oldName = false, string? cloudTrailUrl = null)
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
        if (cloudTrailUrl is not null)
        {
            environment["TrailWatcher__Aws__CloudTrailServiceUrl"] = cloudTrailUrl;
        }

        // Without a key file the keys come from CloudTrail's ListPublicKeys.
        string[] command = cloudTrailUrl is not null ? ["verify", location] : oldName ? ["trail", "verify", location, "--public-keys", KeyFile] : ["verify", location, "--public-key", KeyFile];
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
