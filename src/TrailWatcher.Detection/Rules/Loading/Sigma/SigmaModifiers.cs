using System.Text.RegularExpressions;
using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Rules.Loading.Sigma;

/// <summary>A Sigma field key (<c>field|mod|mod</c>) read into the field name and what its modifiers ask for.</summary>
internal sealed class SigmaModifiers
{
    private SigmaModifiers(string field)
    {
        Field = field;
    }

    public string Field { get; }

    public SigmaValueKind Kind { get; private set; } = SigmaValueKind.Text;

    public SigmaTextPosition Position { get; private set; } = SigmaTextPosition.Whole;

    /// <summary>Every value must match (<c>all</c>) instead of any.</summary>
    public bool All { get; private set; }

    /// <summary>Text compares case-sensitively (<c>cased</c>); Sigma's default is to ignore case.</summary>
    public bool Cased { get; private set; }

    public NumericComparison Comparison { get; private set; }

    public RegexOptions RegexFlags { get; private set; }

    /// <summary><c>windash</c>: each '-' also stands for '/' and the Unicode dashes.</summary>
    public bool WindowsDash { get; private set; }

    /// <summary>0 without base64; 1 for <c>base64</c>; 2 for <c>base64offset</c>.</summary>
    public int Base64 { get; private set; }

    public SigmaEncoding Encoding { get; private set; } = SigmaEncoding.Utf8;

    /// <summary>Reads the key; null with <paramref name="error"/> set for a modifier that is unknown, unsupported or misplaced.</summary>
    public static SigmaModifiers? Parse(string key, out string? error)
    {
        var parts = key.Split('|');
        var result = new SigmaModifiers(parts[0].Trim());
        error = null;
        var encodingSet = false;
        foreach (var raw in parts.Skip(1))
        {
            var name = raw.Trim();
            error = result.Apply(name, ref encodingSet);
            if (error is not null)
            {
                return null;
            }
        }

        error = result.Check(encodingSet);
        return error is null ? result : null;
    }

    private string? Apply(string name, ref bool encodingSet)
    {
        switch (name)
        {
            case "contains":
                return SetPosition(SigmaTextPosition.Contains, name);
            case "startswith":
                return SetPosition(SigmaTextPosition.StartsWith, name);
            case "endswith":
                return SetPosition(SigmaTextPosition.EndsWith, name);
            case "all":
                All = true;
                return null;
            case "cased":
                Cased = true;
                return null;
            case "windash":
                WindowsDash = true;
                return null;
            case "base64":
            case "base64offset":
                if (Base64 != 0)
                {
                    return "only one of 'base64' and 'base64offset' may be given";
                }

                Base64 = name == "base64" ? 1 : 2;
                return null;
            case "wide" or "utf16le" or "utf16be" or "utf16":
                if (encodingSet || Base64 != 0)
                {
                    return $"'{name}' must come once, before 'base64' or 'base64offset'";
                }

                encodingSet = true;
                Encoding = name switch
                {
                    "utf16be" => SigmaEncoding.Utf16BigEndian,
                    "utf16" => SigmaEncoding.Utf16WithBom,
                    _ => SigmaEncoding.Utf16LittleEndian,
                };
                return null;
            case "re":
                return SetKind(SigmaValueKind.Regex, name);
            case "i" or "m" or "s":
                if (Kind != SigmaValueKind.Regex)
                {
                    return $"regular expression flag '{name}' must follow 're'";
                }

                RegexFlags |= name switch
                {
                    "i" => RegexOptions.IgnoreCase,
                    "m" => RegexOptions.Multiline,
                    _ => RegexOptions.Singleline,
                };
                return null;
            case "cidr":
                return SetKind(SigmaValueKind.Cidr, name);
            case "exists":
                return SetKind(SigmaValueKind.Exists, name);
            case "fieldref":
                return SetKind(SigmaValueKind.FieldReference, name);
            case "gt" or "gte" or "lt" or "lte":
                Comparison = name switch
                {
                    "gt" => NumericComparison.GreaterThan,
                    "gte" => NumericComparison.GreaterThanOrEqual,
                    "lt" => NumericComparison.LessThan,
                    _ => NumericComparison.LessThanOrEqual,
                };
                return SetKind(SigmaValueKind.Numeric, name);
            case "expand":
                return "placeholders ('expand') are not supported: they need values this tool has no source for";
            case "minute" or "hour" or "day" or "week" or "month" or "year":
                return $"time-part modifier '{name}' is not supported";
            default:
                return $"unknown or unsupported modifier '{name}'";
        }
    }

    private string? SetPosition(SigmaTextPosition position, string name)
    {
        if (Position != SigmaTextPosition.Whole)
        {
            return $"'{name}' cannot be combined with another of contains, startswith, endswith";
        }

        Position = position;
        return null;
    }

    private string? SetKind(SigmaValueKind kind, string name)
    {
        if (Kind != SigmaValueKind.Text)
        {
            return $"'{name}' cannot be combined with another of re, cidr, exists, fieldref, gt, gte, lt, lte";
        }

        Kind = kind;
        return null;
    }

    // Combinations the specification does not define are refused rather than given a guessed meaning.
    private string? Check(bool encodingSet)
    {
        if (encodingSet && Base64 == 0)
        {
            return "'wide', 'utf16le', 'utf16be' and 'utf16' only apply before 'base64' or 'base64offset'";
        }

        var transforms = Base64 != 0 || WindowsDash;
        if (Kind != SigmaValueKind.Text && (Position != SigmaTextPosition.Whole || transforms || Cased))
        {
            return "contains, startswith, endswith, base64, base64offset, windash and cased apply only to text values, not with re, cidr, exists, fieldref or a comparison";
        }

        return null;
    }
}
