namespace TrailWatcher.Accounts;

/// <summary>What an AWS account id looks like: twelve ASCII digits.</summary>
internal static class AccountIds
{
    public static bool IsValid(string? id) => id is { Length: 12 } && id.All(char.IsAsciiDigit);
}
