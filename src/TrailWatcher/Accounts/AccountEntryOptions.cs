namespace TrailWatcher.Accounts;

/// <summary>One account of <c>TrailWatcher:Accounts:Map:&lt;id&gt;</c>.</summary>
internal sealed class AccountEntryOptions
{
    public string? Name { get; set; }

    public string? Environment { get; set; }

    public string? Owner { get; set; }
}
