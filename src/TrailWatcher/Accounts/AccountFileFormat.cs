namespace TrailWatcher.Accounts;

/// <summary>The formats an accounts file may have, told apart by its extension.</summary>
internal enum AccountFileFormat
{
    Csv,
    Yaml,
}
