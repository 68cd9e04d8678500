using Microsoft.Extensions.Configuration;
using TrailWatcher.Accounts;
using Xunit;

namespace TrailWatcher.Tests.Accounts;

public sealed class AccountCatalogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tw-accounts-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Load_FileAndMap_MapEntryReplacesTheFilesForTheSameId()
    {
        var file = Path.Combine(_dir, "accounts.csv");
        File.WriteAllText(file, "account_id,name,environment,owner\n111111111111,payments-prod,prod,team-payments\n222222222222,old-name,staging,team-a\n");
        var problems = new List<string>();

        var directory = AccountCatalog.Load(Configuration(new()
        {
            ["TrailWatcher:Accounts:File"] = file,
            ["TrailWatcher:Accounts:Map:222222222222:Name"] = "payments-staging",
            ["TrailWatcher:Accounts:Map:222222222222:Environment"] = "staging",
            ["TrailWatcher:Accounts:Map:333333333333:Environment"] = "dev",
        }), problems);

        Assert.Empty(problems);
        Assert.Equal(3, directory.Count);
        Assert.Equal("payments-prod", directory.Find("111111111111")!.Name);
        Assert.Equal("payments-staging", directory.Find("222222222222")!.Name);
        Assert.Null(directory.Find("222222222222")!.Owner);
        Assert.Equal("dev", directory.Find("333333333333")!.Environment);
    }

    [Fact]
    public void Load_BadSettingsAndBadFile_ReportsEveryProblemByItsSetting()
    {
        var file = Path.Combine(_dir, "accounts.csv");
        File.WriteAllText(file, "account_id,name,environment,owner\n111111111111,payments-prod,prod,team-payments\n1234,typo,prod,team\n");
        var problems = new List<string>();

        var directory = AccountCatalog.Load(Configuration(new()
        {
            ["TrailWatcher:Accounts:File"] = file,
            ["TrailWatcher:Accounts:Map:not-an-id:Name"] = "x",
            ["TrailWatcher:Accounts:Map:333333333333:Owner"] = "",
        }), problems);

        Assert.Contains("TrailWatcher:Accounts:Map:not-an-id: 'not-an-id' is not a 12-digit AWS account id", problems);
        Assert.Contains("TrailWatcher:Accounts:Map:333333333333: needs a Name, Environment or Owner", problems);
        Assert.Contains($"TrailWatcher:Accounts:File: {file} line 3: '1234' is not a 12-digit AWS account id", problems);
        Assert.Equal("payments-prod", directory.Find("111111111111")!.Name);
    }

    [Fact]
    public void Load_FileOfAnotherFormat_IsRefusedByItsSetting()
    {
        var problems = new List<string>();

        AccountCatalog.Load(Configuration(new() { ["TrailWatcher:Accounts:File"] = "accounts.json" }), problems);

        Assert.Equal(["TrailWatcher:Accounts:File: 'accounts.json' must end in .csv, .yml or .yaml"], problems);
    }

    [Fact]
    public void Load_NothingConfigured_IsAnEmptyDirectory()
    {
        var problems = new List<string>();

        var directory = AccountCatalog.Load(Configuration([]), problems);

        Assert.Empty(problems);
        Assert.Equal(0, directory.Count);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
