using System.Text.Json;
using Xunit;

namespace TrailWatcher.Tests.Cli;

/// <summary>The service with TrailWatcher:Accounts: a rule keeps to production accounts and its alerts name the account.</summary>
public sealed class RunAccountsTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _dir = Directory.CreateTempSubdirectory("tw-run-accounts-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Run_RuleOnAccountEnvironment_AlertsOnlyForProductionAndNamesTheAccount()
    {
        var rules = Directory.CreateDirectory(Path.Combine(_dir, "rules")).FullName;
        await File.WriteAllTextAsync(Path.Combine(rules, "prod-logging.yml"), """
            id: Test.ProdLoggingOff
            title: Logging turned off in production
            description: Server access logging turned off in a production account.
            severity: high
            condition:
              all:
                - field: eventName
                  equals: PutBucketLogging
                - field: account.environment
                  equals: prod
            """);
        var accounts = Path.Combine(_dir, "accounts.csv");
        await File.WriteAllTextAsync(accounts, "account_id,name,environment,owner\n111111111111,payments-prod,prod,team-payments\n222222222222,payments-staging,staging,team-payments\n");
        var staging = SeedEvents.LoggingDisabled("staging-1");
        staging["recipientAccountId"] = "222222222222";
        var trail = Path.Combine(_dir, "inbox", "AWSLogs", "111111111111", "CloudTrail", "us-west-2", "2024", "01", "15");
        TrailFiles.WriteGzip(Path.Combine(trail, "a.json.gz"), TrailFiles.Document([SeedEvents.LoggingDisabled("prod-1"), staging]));

        await using var service = TrailWatcherProcess.Start(_dir, new Dictionary<string, string>
        {
            ["TrailWatcher__Directory__PollIntervalSeconds"] = "0.2",
            ["TrailWatcher__Dedup__Enabled"] = "false",
            ["TrailWatcher__Rules__Directories__0"] = rules,
            ["TrailWatcher__Accounts__File"] = accounts,
        }, "run");
        Assert.True(await service.WaitForOutputAsync(o => o.Contains("staging-1", StringComparison.Ordinal) && o.Contains("Test.ProdLoggingOff", StringComparison.Ordinal), Timeout), service.StandardError);

        var alerts = service.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var prod = Assert.Single(alerts, a => a.GetProperty("rule_id").GetString() == "Test.ProdLoggingOff");
        Assert.Equal("prod-1", prod.GetProperty("event_id").GetString());
        Assert.Equal("payments-prod", prod.GetProperty("account").GetProperty("name").GetString());
        Assert.Equal("team-payments", prod.GetProperty("account").GetProperty("owner").GetString());
        // The built-in rules' alerts of the staging record name their account too.
        var stagingAlerts = alerts.Where(a => a.GetProperty("event_id").GetString() == "staging-1").ToList();
        Assert.NotEmpty(stagingAlerts);
        Assert.All(stagingAlerts, a => Assert.Equal("payments-staging", a.GetProperty("account").GetProperty("name").GetString()));
    }
}
