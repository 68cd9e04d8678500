using Amazon.S3;
using Amazon.S3.Model;
using Xunit;

namespace TrailWatcher.IntegrationTests.Cli;

/// <summary>`trailwatcher scan s3://…` run as a process against a bucket in the emulator holding a trail in both layouts, with logs inside and outside the filters.</summary>
[Collection(AwsEmulatorCollection.Name)]
public sealed class ScanS3CommandTests(AwsEmulatorFixture emulator) : IAsyncLifetime, IDisposable
{
    private const string Org = "o-abc123def4";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private readonly string _bucket = AwsEmulatorFixture.UniqueName("replay");
    private readonly string _directory = Directory.CreateTempSubdirectory("tw-scan-s3-").FullName;
    private AmazonS3Client? _s3;

    private AmazonS3Client S3 => _s3 ?? throw new InvalidOperationException("not initialised");

    public async Task InitializeAsync()
    {
        _s3 = emulator.CreateS3Client();
        await emulator.CreateBucketAsync(_bucket);
        // Each log holds one matching event named after where it lies; the filters below decide which are read.
        await PutLogAsync("AWSLogs/111111111111", "us-east-1", "20240115T1005Z", "std-east");
        await PutLogAsync("AWSLogs/111111111111", "us-west-2", "20240115T2355Z", "std-west");
        await PutLogAsync("AWSLogs/111111111111", "eu-west-1", "20240115T1005Z", "std-other-region");
        await PutLogAsync("AWSLogs/111111111111", "us-east-1", "20240114T1005Z", "std-day-before");
        await PutLogAsync("AWSLogs/111111111111", "us-east-1", "20240115T0800Z", "std-hour-before");
        await PutLogAsync("AWSLogs/111111111111", "us-east-1", "20240117T0005Z", "std-day-after");
        await PutLogAsync("AWSLogs/222222222222", "us-east-1", "20240115T1005Z", "std-other-account");
        await PutLogAsync($"AWSLogs/{Org}/333333333333", "us-east-1", "20240116T1005Z", "org-member");
        await PutLogAsync($"AWSLogs/{Org}/444444444444", "us-west-2", "20240116T1005Z", "org-other-member");
        // A digest and a stray object in a day folder are not logs: passed over even though the digest holds a matching event.
        await PutAsync("trails/AWSLogs/111111111111/CloudTrail-Digest/us-east-1/2024/01/15/111111111111_CloudTrail-Digest_us-east-1_t_us-east-1_20240115T110000Z.json.gz", TrailFiles.Gzip(SeedEvents.LoggingDisabled("digest")));
        await PutAsync("trails/AWSLogs/111111111111/CloudTrail/us-east-1/2024/01/15/notes.txt", "not a log"u8.ToArray());
    }

    [Fact]
    public async Task ScanS3_SinceUntilAccountsAndRegions_AlertsOnlyTheLogsInsideEveryFilterInBothLayouts()
    {
        var result = await ScanAsync(
            [$"s3://{_bucket}/trails", "--since", "2024-01-15T09:00:00Z", "--until", "2024-01-16T23:59:59Z", "--account", "111111111111", "--account", "333333333333", "--region", "us-east-1", "--region", "us-west-2"]);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\nstderr:\n{result.StandardError}");
        Assert.Equal(["org-member", "std-east", "std-west"], result.AlertedEventIds);
        Assert.All(result.SeedAlerts, a => Assert.StartsWith($"s3://{_bucket}/trails/AWSLogs/", a.GetProperty("source").GetString(), StringComparison.Ordinal));
        Assert.Contains("scanned 3 files (1 skipped, 0 failed)", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScanS3_OrganizationPrefixWithoutFilters_DiscoversEveryMemberAccountAndRegion()
    {
        var result = await ScanAsync([$"s3://{_bucket}/trails/AWSLogs/{Org}/"]);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\nstderr:\n{result.StandardError}");
        Assert.Equal(["org-member", "org-other-member"], result.AlertedEventIds);
        Assert.Contains("scanned 2 files (0 skipped, 0 failed)", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScanS3_AllowedBucketsNamesOnePrefix_ReadsOnlyObjectsUnderIt()
    {
        var result = await ScanAsync([$"s3://{_bucket}/trails/"], new() { ["TrailWatcher__S3__AllowedBuckets__0"] = $"{_bucket}/trails/AWSLogs/111111111111/CloudTrail/us-east-1/" });

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\nstderr:\n{result.StandardError}");
        Assert.Equal(["std-day-after", "std-day-before", "std-east", "std-hour-before"], result.AlertedEventIds);
    }

    [Fact]
    public async Task ScanS3_PrefixLeftOut_Exit1SayingWhereItLooked()
    {
        var result = await ScanAsync([$"s3://{_bucket}"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"error: no CloudTrail log files under s3://{_bucket}/AWSLogs/ for the time, accounts and regions given", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("scanned 0 files (0 skipped, 1 failed)", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScanS3_BucketOutsideAllowedBuckets_Exit2NamingTheSettingBeforeReading()
    {
        var result = await ScanAsync([$"s3://{_bucket}/trails"], new() { ["TrailWatcher__S3__AllowedBuckets__0"] = "another-bucket" });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"error: s3://{_bucket}/trails is outside TrailWatcher:S3:AllowedBuckets", result.StandardError, StringComparison.Ordinal);
        Assert.Equal("", result.StandardOutput);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _s3?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<ProcessResult> ScanAsync(string[] arguments, Dictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["TrailWatcher__Aws__ServiceUrl"] = emulator.ServiceUrl,
            ["TrailWatcher__S3__ForcePathStyle"] = "true",
            ["TrailWatcher__S3__MaxRetries"] = "0",
            ["AWS_ACCESS_KEY_ID"] = AwsEmulatorFixture.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = AwsEmulatorFixture.SecretKey,
            ["AWS_REGION"] = AwsEmulatorFixture.DefaultRegion,
        };
        foreach (var (key, value) in settings ?? [])
        {
            environment[key] = value;
        }

        await using var process = TrailWatcherProcess.Start(_directory, environment, ["scan", "--no-dedup", .. arguments]);
        var code = await process.WaitForExitAsync(Timeout);
        return new ProcessResult(code, process.StandardOutput, process.StandardError);
    }

    private Task PutLogAsync(string root, string region, string delivered, string eventId)
    {
        var account = root[^12..];
        var day = $"{delivered[..4]}/{delivered[4..6]}/{delivered[6..8]}";
        return PutAsync($"trails/{root}/CloudTrail/{region}/{day}/{account}_CloudTrail_{region}_{delivered}_{eventId}.json.gz", TrailFiles.Gzip(SeedEvents.LoggingDisabled(eventId)));
    }

    private async Task PutAsync(string key, byte[] content)
    {
        using var body = new MemoryStream(content, writable: false);
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = key, InputStream = body, AutoCloseStream = false });
    }
}
