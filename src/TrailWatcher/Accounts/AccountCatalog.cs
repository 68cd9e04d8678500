using Microsoft.Extensions.Configuration;
using TrailWatcher.Configuration;
using TrailWatcher.Detection.Accounts;

namespace TrailWatcher.Accounts;

/// <summary>Builds the account directory from <c>TrailWatcher:Accounts</c> before the host starts, so rules and sinks can use it; every problem goes to the caller's list.</summary>
internal static class AccountCatalog
{
    /// <summary>The directory, or null when a setting or the file had problems (added to <paramref name="problems"/>).</summary>
    public static AccountDirectory? Load(IConfiguration configuration, List<string> problems)
    {
        var options = new AccountsOptions();
        TolerantBinder.Bind(configuration.GetSection(AccountsOptions.Section), options);
        var found = new List<string>(TolerantBinder.ProblemsOf(options));
        var check = new SectionValidator<AccountsOptions>(AccountsOptions.Section).Validate(null, options);
        if (check.Failed)
        {
            found.AddRange(check.Failures ?? []);
        }

        var accounts = new List<AccountInfo>();
        if (!string.IsNullOrWhiteSpace(options.File) && AccountFileReader.FormatOf(options.File) is not null)
        {
            var fileProblems = new List<string>();
            accounts.AddRange(AccountFileReader.Read(options.File, fileProblems));
            found.AddRange(fileProblems.Select(p => $"{AccountsOptions.Section}:{nameof(AccountsOptions.File)}: {p}"));
        }

        if (found.Count > 0)
        {
            problems.AddRange(found);
            return null;
        }

        accounts.AddRange(options.Map.Select(e => new AccountInfo(e.Key, Trimmed(e.Value.Name), Trimmed(e.Value.Environment), Trimmed(e.Value.Owner))));
        return new AccountDirectory(accounts);
    }

    private static string? Trimmed(string? value) => AccountFileReader.Blank(value);
}
