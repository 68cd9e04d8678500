using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using TrailWatcher.Detection.Accounts;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>The <c>account.name</c>, <c>account.environment</c> and <c>account.owner</c> fields: what the account directory says of the record's <c>recipientAccountId</c>.</summary>
/// <remarks>Derived, not paths: a CloudTrail record has no <c>account</c> object, and the index treats derived fields as unconstrained.</remarks>
public static class AccountFields
{
    private static readonly DerivedField Name = new("account.name", r => Values(r, a => a.Name));
    private static readonly DerivedField Environment = new("account.environment", r => Values(r, a => a.Environment));
    private static readonly DerivedField Owner = new("account.owner", r => Values(r, a => a.Owner));

    /// <summary>The derived field a rule names, when it names one of the account fields.</summary>
    public static bool TryGet(string name, [NotNullWhen(true)] out DerivedField? field)
    {
        field = name switch
        {
            "account.name" => Name,
            "account.environment" => Environment,
            "account.owner" => Owner,
            _ => null,
        };
        return field is not null;
    }

    // With no directory, or an account it does not list, the field is missing, as any absent field is.
    private static JsonElement[] Values(EventRecord record, Func<AccountInfo, string?> pick) =>
        record.Root.ValueKind == JsonValueKind.Object
        && record.Root.TryGetProperty("recipientAccountId", out var id) && id.ValueKind == JsonValueKind.String
        && record.Accounts.Find(id.GetString()) is { } account && pick(account) is { } value
            ? [DerivedField.TextValue(value)]
            : [];
}
