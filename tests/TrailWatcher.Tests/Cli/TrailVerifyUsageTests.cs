using Xunit;

namespace TrailWatcher.Tests.Cli;

/// <summary>`trail verify` refuses bad usage with exit 2 and says every problem before it touches S3.</summary>
public sealed class TrailVerifyUsageTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _dir = Directory.CreateTempSubdirectory("tw-verify-usage-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task TrailVerify_NoKeyFileOption_Exits2()
    {
        var result = await TrailWatcherProcess.RunAsync(Timeout, "trail", "verify", "s3://bucket");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--public-keys", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrailVerify_BadLocationTimeAccountAndKeyFile_Exits2NamingEachProblem()
    {
        var keys = Path.Combine(_dir, "keys.json");
        await File.WriteAllTextAsync(keys, """{"PublicKeyList":[{"Value":"AAAA","Fingerprint":"ab"}]}""");

        var result = await TrailWatcherProcess.RunAsync(Timeout, "trail", "verify", "bucket/prefix", "--public-keys", keys, "--start", "yesterday", "--account", "1234");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: 'bucket/prefix' is not s3://BUCKET or s3://BUCKET/PREFIX", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("error: --start: 'yesterday' is not a time", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("error: --account: '1234' is not a 12-digit AWS account id", result.StandardError, StringComparison.Ordinal);
        Assert.Contains($"error: {keys}: PublicKeyList[0]: Value is not an RSA public key", result.StandardError, StringComparison.Ordinal);
        Assert.Equal("", result.StandardOutput);
    }

    [Fact]
    public async Task TrailVerify_KeyFileMissing_Exits2()
    {
        var result = await TrailWatcherProcess.RunAsync(Timeout, "trail", "verify", "s3://bucket", "--public-keys", Path.Combine(_dir, "none.json"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: --public-keys: cannot read", result.StandardError, StringComparison.Ordinal);
    }
}
