using TrailWatcher.Detection.Accounts;

namespace TrailWatcher.Accounts;

/// <summary>Reads an accounts file (CSV or YAML, by extension); each problem names the file and its line.</summary>
internal static class AccountFileReader
{
    public static AccountFileFormat? FormatOf(string path) => Path.GetExtension(path).ToUpperInvariant() switch
    {
        ".CSV" => AccountFileFormat.Csv,
        ".YML" or ".YAML" => AccountFileFormat.Yaml,
        _ => null,
    };

    /// <summary>The file's accounts; <paramref name="problems"/> receives one line per problem ("file line N: ...").</summary>
    public static List<AccountInfo> Read(string path, List<string> problems)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            problems.Add($"{path}: cannot read the accounts file: {ex.Message}");
            return [];
        }

        return FormatOf(path) == AccountFileFormat.Csv ? AccountCsv.Parse(path, text, problems) : AccountYaml.Parse(path, text, problems);
    }

    /// <summary>Checks one entry and keeps it when sound; shared by both formats so they reject the same things.</summary>
    internal static void Add(string file, int line, AccountInfo account, Dictionary<string, int> seen, List<AccountInfo> accounts, List<string> problems)
    {
        if (!AccountIds.IsValid(account.Id))
        {
            problems.Add($"{file} line {line}: '{account.Id}' is not a 12-digit AWS account id");
        }
        else if (seen.TryGetValue(account.Id, out var first))
        {
            problems.Add($"{file} line {line}: account {account.Id} is already listed on line {first}");
        }
        else if (account.Name is null && account.Environment is null && account.Owner is null)
        {
            problems.Add($"{file} line {line}: account {account.Id} has no name, environment or owner");
        }
        else
        {
            seen[account.Id] = line;
            accounts.Add(account);
        }
    }

    internal static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
