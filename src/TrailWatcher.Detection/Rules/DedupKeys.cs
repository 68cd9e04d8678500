using System.Text;
using System.Text.Json;
using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Rules;

/// <summary>Resolves a dedup key template such as <c>{recipientAccountId}:{requestParameters.bucketName}</c> against a record.</summary>
public static class DedupKeys
{
    /// <summary>Each <c>{field.path}</c> becomes the value there (text as is, other JSON as written); a missing or null field becomes empty.</summary>
    public static string Resolve(string template, JsonElement record)
    {
        ArgumentNullException.ThrowIfNull(template);
        var open = template.IndexOf('{', StringComparison.Ordinal);
        if (open < 0)
        {
            return template;
        }

        var key = new StringBuilder(template.Length + 32);
        var start = 0;
        while (open >= 0)
        {
            var close = template.IndexOf('}', open + 1);
            if (close < 0)
            {
                break;
            }

            key.Append(template, start, open - start);
            // The loader validated the placeholders; one that does not parse resolves to nothing rather than failing a match.
            if (FieldPath.TryParse(template[(open + 1)..close], out var path, out _) && path.TryGetFirst(record, out var value))
            {
                key.Append(value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.Null or JsonValueKind.Undefined => "",
                    _ => value.GetRawText(),
                });
            }

            start = close + 1;
            open = template.IndexOf('{', start);
        }

        key.Append(template, start, template.Length - start);
        return key.ToString();
    }
}
