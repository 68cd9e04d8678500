using System.Text;
using System.Text.Json;
using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Rules;

/// <summary>A dedup key template such as <c>{recipientAccountId}:{requestParameters.bucketName}</c>, parsed once at load.</summary>
public sealed class DedupKeyTemplate
{
    // Each part is literal text or a field path; a template without placeholders is one literal.
    private readonly (string? Literal, FieldPath? Field)[] _parts;

    private DedupKeyTemplate(string text, (string?, FieldPath?)[] parts)
    {
        Text = text;
        _parts = parts;
    }

    /// <summary>The template as written.</summary>
    public string Text { get; }

    /// <summary>Parses <c>{field.path}</c> placeholders; an unclosed brace is literal text.</summary>
    public static bool TryParse(string text, out DedupKeyTemplate template, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<(string?, FieldPath?)>();
        error = null;
        var start = 0;
        var open = text.IndexOf('{', StringComparison.Ordinal);
        while (open >= 0)
        {
            var close = text.IndexOf('}', open + 1);
            if (close < 0)
            {
                break;
            }

            if (open > start)
            {
                parts.Add((text[start..open], null));
            }

            if (FieldPath.TryParse(text[(open + 1)..close], out var path, out var pathError))
            {
                parts.Add((null, path));
            }
            else
            {
                error ??= $"dedup key placeholder {{{text[(open + 1)..close]}}}: {pathError}";
            }

            start = close + 1;
            open = text.IndexOf('{', start);
        }

        if (start < text.Length)
        {
            parts.Add((text[start..], null));
        }

        template = new DedupKeyTemplate(text, [.. parts]);
        return error is null;
    }

    /// <summary>The template for a rule without a dedup block: its id, every match in one group.</summary>
    public static DedupKeyTemplate Literal(string text) => new(text ?? throw new ArgumentNullException(nameof(text)), [(text, null)]);

    /// <summary>Each placeholder becomes the value there (text as is, other JSON as written); a missing or null field becomes empty.</summary>
    public string Resolve(JsonElement record)
    {
        if (_parts.Length == 1 && _parts[0].Literal is { } only)
        {
            return only;
        }

        var key = new StringBuilder(Text.Length + 32);
        foreach (var (literal, field) in _parts)
        {
            if (literal is not null)
            {
                key.Append(literal);
            }
            else if (field!.TryGetFirst(record, out var value))
            {
                key.Append(value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.Null or JsonValueKind.Undefined => "",
                    _ => value.GetRawText(),
                });
            }
        }

        return key.ToString();
    }

    public override string ToString() => Text;
}
