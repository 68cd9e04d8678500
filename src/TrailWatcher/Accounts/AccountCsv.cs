using System.Text;
using TrailWatcher.Detection.Accounts;

namespace TrailWatcher.Accounts;

/// <summary>The CSV accounts file: a header <c>account_id,name,environment,owner</c>, then one account a line; <c>#</c> starts a comment line.</summary>
internal static class AccountCsv
{
    public const string Header = "account_id,name,environment,owner";

    public static List<AccountInfo> Parse(string file, string text, List<string> problems)
    {
        var accounts = new List<AccountInfo>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var headerRead = false;
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimStart('\uFEFF');
            var number = i + 1;
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (!Split(line, out var fields))
            {
                problems.Add($"{file} line {number}: a quoted field is not closed");
                continue;
            }

            if (!headerRead)
            {
                headerRead = true;
                if (!string.Equals(string.Join(',', fields.Select(f => f.Trim())), Header, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"{file} line {number}: the header must be '{Header}'");
                    return accounts;
                }

                continue;
            }

            if (fields.Count != 4)
            {
                problems.Add($"{file} line {number}: expected 4 fields ({Header}), found {fields.Count}");
                continue;
            }

            var account = new AccountInfo(fields[0].Trim(), AccountFileReader.Blank(fields[1]), AccountFileReader.Blank(fields[2]), AccountFileReader.Blank(fields[3]));
            AccountFileReader.Add(file, number, account, seen, accounts, problems);
        }

        if (!headerRead)
        {
            problems.Add($"{file} line 1: the file is empty; the header must be '{Header}'");
        }

        return accounts;
    }

    // RFC 4180 quoting within one line: "a, b" keeps its comma and "" is a quote; names never span lines.
    private static bool Split(string line, out List<string> fields)
    {
        fields = [];
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c != '"')
                {
                    field.Append(c);
                }
                else if (i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                {
                    quoted = false;
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return !quoted;
    }
}
