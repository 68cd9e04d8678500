namespace TrailWatcher.Detection.Accounts;

/// <summary>The known AWS accounts by id; alerts and rules read an account's name, environment and owner from it.</summary>
public sealed class AccountDirectory
{
    private readonly Dictionary<string, AccountInfo> _byId;

    /// <summary>A directory of these accounts; a later entry for the same id replaces an earlier one.</summary>
    public AccountDirectory(IEnumerable<AccountInfo> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        _byId = new Dictionary<string, AccountInfo>(StringComparer.Ordinal);
        foreach (var account in accounts)
        {
            _byId[account.Id] = account;
        }
    }

    /// <summary>No accounts: every lookup finds nothing.</summary>
    public static AccountDirectory Empty { get; } = new([]);

    public int Count => _byId.Count;

    /// <summary>The accounts, in no particular order.</summary>
    public IEnumerable<AccountInfo> Accounts => _byId.Values;

    /// <summary>The account with this id, or null when the id is null or unknown.</summary>
    public AccountInfo? Find(string? id) => id is not null && _byId.TryGetValue(id, out var account) ? account : null;

    /// <summary>True when some account has this name or environment (case ignored).</summary>
    public bool Knows(string nameOrEnvironment) =>
        _byId.Values.Any(a => string.Equals(a.Name, nameOrEnvironment, StringComparison.OrdinalIgnoreCase)
            || string.Equals(a.Environment, nameOrEnvironment, StringComparison.OrdinalIgnoreCase));
}
