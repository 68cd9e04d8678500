using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
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

    /// <summary>Parses <c>{field.path}</c> placeholders, collecting every problem (a stray brace stops the reading).</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out DedupKeyTemplate? template, out IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<(string?, FieldPath?)>();
        var found = new List<string>();
        problems = found;
        template = null;
        var start = 0;
        var open = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '{')
            {
                if (open >= 0)
                {
                    found.Add($"dedup key '{text}' has a '{{' inside a placeholder");
                    return false;
                }

                if (i > start)
                {
                    parts.Add((text[start..i], null));
                }

                open = i;
            }
            else if (text[i] == '}')
            {
                if (open < 0)
                {
                    found.Add($"dedup key '{text}' has a '}}' without its '{{'");
                    return false;
                }

                if (FieldPath.TryParse(text[(open + 1)..i], out var path, out var error))
                {
                    parts.Add((null, path));
                }
                else
                {
                    found.Add($"dedup key placeholder: {error}");
                }

                open = -1;
                start = i + 1;
            }
        }

        if (open >= 0)
        {
            found.Add($"dedup key '{text}' has an unclosed '{{'");
        }
        else if (start < text.Length)
        {
            parts.Add((text[start..], null));
        }

        if (found.Count > 0)
        {
            return false;
        }

        template = new DedupKeyTemplate(text, [.. parts]);
        return true;
    }

    /// <summary>The template for a rule without a dedup block: its id, every match in one group.</summary>
    public static DedupKeyTemplate Literal(string text) => new(text ?? throw new ArgumentNullException(nameof(text)), [(text, null)]);

    /// <summary>Each placeholder becomes the value there (text as is, other JSON as written); a missing or null field becomes empty.</summary>
    public string Resolve(JsonElement record) => Resolve(new EventRecord(record));

    /// <summary>As <see cref="Resolve(JsonElement)"/>, through the record's top-level lookup.</summary>
    public string Resolve(EventRecord record)
    {
        if (_parts.Length == 1 && _parts[0].Literal is { } only)
        {
            return only;
        }

        // Written into a stack buffer and copied once into the key: every grouped match resolves its key, and a builder
        // plus a string per field tripled what that allocated.
        var key = new DefaultInterpolatedStringHandler(0, _parts.Length, null, stackalloc char[KeyBuffer]);
        Span<char> value = stackalloc char[KeyBuffer];
        foreach (var (literal, field) in _parts)
        {
            if (literal is not null)
            {
                key.AppendLiteral(literal);
            }
            else if (field!.TryGetFirst(record, out var element))
            {
                key.AppendFormatted(RecordText.Chars(element, value));
            }
        }

        return key.ToStringAndClear();
    }

    private const int KeyBuffer = 256;

    public override string ToString() => Text;
}
