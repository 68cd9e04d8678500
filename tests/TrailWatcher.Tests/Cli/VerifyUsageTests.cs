using Xunit;

namespace TrailWatcher.Tests.Cli;

/// <summary>`verify` (and its older name `trail verify`) refuses bad usage with exit 2 and says every problem before it reads anything.</summary>
public sealed class VerifyUsageTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _dir = Directory.CreateTempSubdirectory("tw-verify-usage-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Verify_UnknownOption_Exits2()
    {
        var result = await TrailWatcherProcess.RunAsync(Timeout, "verify", _dir, "--public-keyz", "x");

        Assert.Equal(2, result.ExitCode);
    }

    [Theory]
    [InlineData("verify", "--since")]
    [InlineData("trail verify", "--start")]
    public async Task Verify_BadLocationTimeAccountAndKeyFile_Exits2NamingEachProblem(string command, string sinceOption)
    {
        var keys = Path.Combine(_dir, "keys.json");
        await File.WriteAllTextAsync(keys, """{"PublicKeyList":[{"Value":"AAAA","Fingerprint":"ab"}]}""");

        var result = await TrailWatcherProcess.RunAsync(Timeout, [.. command.Split(' '), "s3://", "--public-keys", keys, sinceOption, "yesterday", "--account", "1234"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: 's3://' is not s3://BUCKET or s3://BUCKET/PREFIX", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("error: --since: 'yesterday' is not a time", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("error: --account: '1234' is not a 12-digit AWS account id", result.StandardError, StringComparison.Ordinal);
        Assert.Contains($"error: {keys}: PublicKeyList[0]: Value is not an RSA public key", result.StandardError, StringComparison.Ordinal);
        Assert.Equal("", result.StandardOutput);
    }

    [Fact]
    public async Task Verify_KeyFileMissing_Exits2()
    {
        var result = await TrailWatcherProcess.RunAsync(Timeout, "trail", "verify", "s3://bucket", "--public-keys", Path.Combine(_dir, "none.json"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: --public-key: cannot read", result.StandardError, StringComparison.Ordinal);
    }
}
