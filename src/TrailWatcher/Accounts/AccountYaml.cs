using TrailWatcher.Detection.Accounts;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TrailWatcher.Accounts;

/// <summary>The YAML accounts file: <c>accounts:</c>, a list of entries with the CSV's keys (<c>account_id</c>, <c>name</c>, <c>environment</c>, <c>owner</c>).</summary>
internal static class AccountYaml
{
    private static readonly string[] Keys = ["account_id", "name", "environment", "owner"];

    public static List<AccountInfo> Parse(string file, string text, List<string> problems)
    {
        var accounts = new List<AccountInfo>();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            problems.Add($"{file} line {ex.Start.Line}: not valid YAML: {ex.Message}");
            return accounts;
        }

        if (stream.Documents.Count == 0
            || stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("accounts"), out var list))
        {
            problems.Add($"{file} line 1: expected 'accounts:' with a list of entries ({string.Join(", ", Keys)})");
            return accounts;
        }

        if (list is not YamlSequenceNode entries)
        {
            problems.Add($"{file} line {list.Start.Line}: 'accounts' must be a list of entries");
            return accounts;
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in entries)
        {
            var line = checked((int)node.Start.Line);
            if (Entry(file, node, problems) is { } account)
            {
                AccountFileReader.Add(file, line, account, seen, accounts, problems);
            }
        }

        return accounts;
    }

    private static AccountInfo? Entry(string file, YamlNode node, List<string> problems)
    {
        if (node is not YamlMappingNode mapping)
        {
            problems.Add($"{file} line {node.Start.Line}: an account entry must be a mapping of {string.Join(", ", Keys)}");
            return null;
        }

        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var sound = true;
        foreach (var (key, value) in mapping.Children)
        {
            var name = (key as YamlScalarNode)?.Value;
            if (name is null || !Keys.Contains(name))
            {
                problems.Add($"{file} line {key.Start.Line}: unknown key '{name}' (expected {string.Join(", ", Keys)})");
                sound = false;
            }
            else if (value is not YamlScalarNode scalar)
            {
                problems.Add($"{file} line {value.Start.Line}: '{name}' expects a single value");
                sound = false;
            }
            else
            {
                values[name] = scalar.Value;
            }
        }

        if (!sound)
        {
            return null;
        }

        if (AccountFileReader.Blank(values.GetValueOrDefault("account_id")) is not { } id)
        {
            problems.Add($"{file} line {node.Start.Line}: the entry has no account_id");
            return null;
        }

        return new AccountInfo(
            id,
            AccountFileReader.Blank(values.GetValueOrDefault("name")),
            AccountFileReader.Blank(values.GetValueOrDefault("environment")),
            AccountFileReader.Blank(values.GetValueOrDefault("owner")));
    }
}
