using Microsoft.Extensions.Configuration;
using TrailWatcher.Configuration;
using TrailWatcher.Detection.Accounts;

namespace TrailWatcher.Accounts;

/// <summary>Builds the account directory from <c>TrailWatcher:Accounts</c> before the host starts, so rules and sinks can use it; every problem goes to the caller's list.</summary>
internal static class AccountCatalog
{
    /// <summary>The directory of every sound entry; each problem of the settings or the file is added to <paramref name="problems"/>.</summary>
    /// <remarks>The sound entries are kept even when others failed, so checks that use them (routes) report only their own mistakes.</remarks>
    public static AccountDirectory Load(IConfiguration configuration, List<string> problems)
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

        problems.AddRange(found);
        accounts.AddRange(options.Map.Where(e => AccountIds.IsValid(e.Key)).Select(e => new AccountInfo(e.Key, Trimmed(e.Value.Name), Trimmed(e.Value.Environment), Trimmed(e.Value.Owner))));
        return new AccountDirectory(accounts);
    }

    private static string? Trimmed(string? value) => AccountFileReader.Blank(value);
}
