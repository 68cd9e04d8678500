using Xunit;

namespace TrailWatcher.Tests.Cli;

/// <summary>TrailWatcher:Accounts is checked at start: a bad accounts file fails <c>config check</c> naming the file and line, with every other problem.</summary>
public sealed class ConfigCheckAccountsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tw-cfg-acc-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task ConfigCheck_BadAccountsFileAndRoute_AreReportedByFileLineAndSetting()
    {
        var file = Path.Combine(_dir, "accounts.csv");
        await File.WriteAllTextAsync(file, string.Join('\n',
            "account_id,name,environment,owner",
            "111111111111,payments-prod,prod,team-payments",
            "222222222222,payments-staging,staging,team-payments",
            "333333333333,data-prod,prod,team-data",
            "444444444444,sandbox,dev,team-dev",
            "555555555555,shared,prod,team-platform",
            "12345678901,typo,prod,team-payments",
            ""));
        var result = await CheckAsync(new Dictionary<string, string>
        {
            ["TrailWatcher__Accounts__File"] = file,
            ["TrailWatcher__Accounts__Map__abc__Name"] = "x",
            ["TrailWatcher__Sinks__Console__Route__Accounts__0"] = "prod",
            ["TrailWatcher__Sinks__Console__Route__Accounts__1"] = "qa",
        });

        Assert.Equal(2, result.Code);
        Assert.Contains($"TrailWatcher:Accounts:File: {file} line 7: '12345678901' is not a 12-digit AWS account id", result.Output, StringComparison.Ordinal);
        Assert.Contains("TrailWatcher:Accounts:Map:abc: 'abc' is not a 12-digit AWS account id", result.Output, StringComparison.Ordinal);
        Assert.Contains("TrailWatcher:Sinks:Console:Route:Accounts:1: no account in TrailWatcher:Accounts has the name or environment 'qa'", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Accounts:0", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigCheck_GoodYamlAccountsAndRouteByEnvironment_IsValid()
    {
        var file = Path.Combine(_dir, "accounts.yaml");
        await File.WriteAllTextAsync(file, "accounts:\n  - account_id: \"111111111111\"\n    name: payments-prod\n    environment: prod\n");
        var result = await CheckAsync(new Dictionary<string, string>
        {
            ["TrailWatcher__Accounts__File"] = file,
            ["TrailWatcher__Sinks__Console__Route__Accounts__0"] = "prod",
        });

        Assert.Equal(0, result.Code);
        Assert.StartsWith("configuration OK", result.Output, StringComparison.Ordinal);
    }

    private async Task<(int Code, string Output)> CheckAsync(Dictionary<string, string> environment)
    {
        await using var process = TrailWatcherProcess.Start(_dir, environment, ["config", "check"]);
        var code = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (code, process.StandardOutput);
    }
}
