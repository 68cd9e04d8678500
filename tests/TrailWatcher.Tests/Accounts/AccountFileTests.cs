using TrailWatcher.Accounts;
using TrailWatcher.Detection.Accounts;
using Xunit;

namespace TrailWatcher.Tests.Accounts;

public sealed class AccountFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tw-accounts-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Read_Csv_ReadsEveryAccountWithQuotedFieldsCommentsAndBlankCells()
    {
        var file = Write("accounts.csv", """
            account_id,name,environment,owner
            # the payments platform
            111111111111,payments-prod,prod,team-payments

            222222222222,"payments, staging",staging,"Jane ""JD"" Doe"
            333333333333,sandbox,,
            """);
        var problems = new List<string>();

        var accounts = AccountFileReader.Read(file, problems);

        Assert.Empty(problems);
        Assert.Equal(
            [
                new AccountInfo("111111111111", "payments-prod", "prod", "team-payments"),
                new AccountInfo("222222222222", "payments, staging", "staging", "Jane \"JD\" Doe"),
                new AccountInfo("333333333333", "sandbox", null, null),
            ],
            accounts);
    }

    [Fact]
    public void Read_CsvWithBadLines_NamesTheFileAndEachLine()
    {
        var file = Write("accounts.csv", """
            account_id,name,environment,owner
            111111111111,payments-prod,prod,team-payments
            222222222222,payments-staging,staging,team-payments
            333333333333,sandbox,dev,team-dev
            444444444444,shared,prod
            111111111111,again,prod,team-payments
            12345,typo,prod,team-payments
            555555555555,"unclosed,prod,team
            """);
        var problems = new List<string>();

        var accounts = AccountFileReader.Read(file, problems);

        Assert.Equal(
            [
                $"{file} line 5: expected 4 fields (account_id,name,environment,owner), found 3",
                $"{file} line 6: account 111111111111 is already listed on line 2",
                $"{file} line 7: '12345' is not a 12-digit AWS account id",
                $"{file} line 8: a quoted field is not closed",
            ],
            problems);
        Assert.Equal(3, accounts.Count);
    }

    [Fact]
    public void Read_CsvWithoutTheHeader_SaysWhatTheHeaderMustBe()
    {
        var file = Write("accounts.csv", "111111111111,payments-prod,prod,team-payments\n");
        var problems = new List<string>();

        AccountFileReader.Read(file, problems);

        Assert.Equal([$"{file} line 1: the header must be 'account_id,name,environment,owner'"], problems);
    }

    [Fact]
    public void Read_Yaml_ReadsEveryAccount()
    {
        var file = Write("accounts.yaml", """
            accounts:
              - account_id: "111111111111"
                name: payments-prod
                environment: prod
                owner: team-payments
              - account_id: 222222222222
                environment: staging
            """);
        var problems = new List<string>();

        var accounts = AccountFileReader.Read(file, problems);

        Assert.Empty(problems);
        Assert.Equal(
            [
                new AccountInfo("111111111111", "payments-prod", "prod", "team-payments"),
                new AccountInfo("222222222222", null, "staging", null),
            ],
            accounts);
    }

    [Fact]
    public void Read_YamlWithBadEntries_NamesTheFileAndEachLine()
    {
        var file = Write("accounts.yml", """
            accounts:
              - account_id: "111111111111"
                name: payments-prod
              - account_id: "12345"
                name: typo
              - account_id: "333333333333"
                team: platform
              - name: no-id
            """);
        var problems = new List<string>();

        var accounts = AccountFileReader.Read(file, problems);

        Assert.Equal(
            [
                $"{file} line 4: '12345' is not a 12-digit AWS account id",
                $"{file} line 7: unknown key 'team' (expected account_id, name, environment, owner)",
                $"{file} line 8: the entry has no account_id",
            ],
            problems);
        Assert.Equal("payments-prod", Assert.Single(accounts).Name);
    }

    [Fact]
    public void Read_YamlThatIsNotYaml_NamesTheLine()
    {
        var file = Write("accounts.yml", "accounts:\n  - account_id: \"111111111111\"\n    name: [unclosed\n");
        var problems = new List<string>();

        AccountFileReader.Read(file, problems);

        var problem = Assert.Single(problems);
        Assert.StartsWith($"{file} line ", problem, StringComparison.Ordinal);
        Assert.Contains("not valid YAML", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingFile_SaysItCannotBeRead()
    {
        var problems = new List<string>();

        AccountFileReader.Read(Path.Combine(_dir, "absent.csv"), problems);

        Assert.StartsWith($"{Path.Combine(_dir, "absent.csv")}: cannot read the accounts file", Assert.Single(problems), StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
