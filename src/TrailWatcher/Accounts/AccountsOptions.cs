using System.ComponentModel.DataAnnotations;

namespace TrailWatcher.Accounts;

/// <summary>Names for AWS accounts (<c>TrailWatcher:Accounts</c>): a map in configuration, a CSV or YAML file, or both.</summary>
internal sealed class AccountsOptions : IValidatableObject
{
    public const string Section = "TrailWatcher:Accounts";

    /// <summary>A <c>.csv</c> (header <c>account_id,name,environment,owner</c>) or <c>.yml</c>/<c>.yaml</c> file of accounts.</summary>
    public string? File { get; set; }

    /// <summary>Accounts by 12-digit id; an entry here replaces the file's entry for the same id.</summary>
    public Dictionary<string, AccountEntryOptions> Map { get; set; } = new(StringComparer.Ordinal);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(File) && AccountFileReader.FormatOf(File) is null)
        {
            yield return new ValidationResult($"'{File}' must end in .csv, .yml or .yaml", [nameof(File)]);
        }

        foreach (var (id, entry) in Map)
        {
            if (!AccountIds.IsValid(id))
            {
                yield return new ValidationResult($"'{id}' is not a 12-digit AWS account id", [$"{nameof(Map)}:{id}"]);
            }
            else if (string.IsNullOrWhiteSpace(entry.Name) && string.IsNullOrWhiteSpace(entry.Environment) && string.IsNullOrWhiteSpace(entry.Owner))
            {
                yield return new ValidationResult("needs a Name, Environment or Owner", [$"{nameof(Map)}:{id}"]);
            }
        }
    }
}
