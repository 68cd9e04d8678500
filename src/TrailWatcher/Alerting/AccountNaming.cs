using TrailWatcher.Detection.Accounts;
using TrailWatcher.Detection.Alerts;

namespace TrailWatcher.Alerting;

/// <summary>Gives each alert the name, environment and owner of its account, once, before any sink or route sees it.</summary>
internal sealed class AccountNaming(AccountDirectory directory)
{
    public AccountDirectory Directory { get; } = directory;

    public IReadOnlyList<Alert> Apply(IReadOnlyList<Alert> alerts)
    {
        if (Directory.Count == 0 || !alerts.Any(Misses))
        {
            return alerts;
        }

        return [.. alerts.Select(a => Misses(a) && Directory.Find(a.AccountId) is { } account ? a with { Account = account } : a)];
    }

    // An alert read back from shared dedup state may already carry its account; that one is kept.
    private static bool Misses(Alert alert) => alert.Account is null && alert.AccountId is not null;
}
