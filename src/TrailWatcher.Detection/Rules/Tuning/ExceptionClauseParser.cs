using System.Globalization;
using System.Text.RegularExpressions;
using TrailWatcher.Detection.Rules.Loading;
using YamlDotNet.RepresentationModel;

namespace TrailWatcher.Detection.Rules.Tuning;

/// <summary>Parses the <c>exceptions</c> list of a tuning entry; conditions are written in the rules' own condition language.</summary>
internal sealed partial class ExceptionClauseParser(TuningNodeReader read)
{
    private static readonly string[] Keys = ["name", "reason", "owner", "expires", "condition"];

    /// <summary>The exceptions that parsed; the others were reported.</summary>
    public List<ExceptionClause> Parse(YamlNode node, string appliesTo)
    {
        var result = new List<ExceptionClause>();
        if (node is not YamlSequenceNode sequence || sequence.Children.Count == 0)
        {
            read.Context.Error(node, "'exceptions' expects a list of {name, reason, owner, expires, condition}");
            return result;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in sequence.Children)
        {
            if (item is not YamlMappingNode mapping)
            {
                read.Context.Error(item, "an exception must be a mapping with name, reason, owner, condition and an optional expires");
            }
            else if (ParseOne(mapping, appliesTo, names) is { } exception)
            {
                result.Add(exception);
            }
        }

        return result;
    }

    private ExceptionClause? ParseOne(YamlMappingNode mapping, string appliesTo, HashSet<string> names)
    {
        var fields = read.Yaml.ReadKeys(mapping, Keys, "exception key");
        var nameNode = read.Yaml.Required(fields, mapping, "name");
        var name = nameNode is null ? null : read.Yaml.String(nameNode, "name");
        if (name is not null && !NamePattern().IsMatch(name))
        {
            read.Context.Error(nameNode!, $"exception name '{name}' may contain only letters, digits, '.', '_' and '-' (it labels a metric)");
            name = null;
        }
        else if (name is not null && !names.Add(name))
        {
            read.Context.Error(nameNode!, $"duplicate exception name '{name}' in this entry");
            name = null;
        }

        var reason = read.Yaml.Required(fields, mapping, "reason") is { } reasonNode ? read.Yaml.String(reasonNode, "reason") : null;
        var owner = read.Yaml.Required(fields, mapping, "owner") is { } ownerNode ? read.Yaml.String(ownerNode, "owner") : null;
        var expiresOk = true;
        DateOnly? expires = null;
        if (fields.TryGetValue("expires", out var expiresNode))
        {
            expires = ParseDate(expiresNode);
            expiresOk = expires is not null;
        }

        var condition = read.Yaml.Required(fields, mapping, "condition") is { } conditionNode
            ? new ConditionParser(read.Context, $"exception {name}", defaultIgnoreCase: false).Parse(conditionNode)
            : null;

        if (name is null || reason is null || owner is null || condition is null || !expiresOk)
        {
            return null;
        }

        return new ExceptionClause
        {
            Name = name,
            Reason = reason.Trim(),
            Owner = owner,
            Expires = expires,
            Condition = condition,
            File = read.Context.File,
            Line = TuningNodeReader.Line(mapping),
            Column = TuningNodeReader.Column(mapping),
            AppliesTo = appliesTo,
        };
    }

    private DateOnly? ParseDate(YamlNode node)
    {
        if (node is YamlScalarNode { Value: { } text }
            && DatePattern().IsMatch(text)
            && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        read.Context.Error(node, $"'expires' expects a date written YYYY-MM-DD (UTC), such as 2027-03-31; found '{(node as YamlScalarNode)?.Value}'");
        return null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex DatePattern();
}
