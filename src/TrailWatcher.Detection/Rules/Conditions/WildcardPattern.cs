using System.Text;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>A whole-value pattern where <c>*</c> is any run of characters and <c>?</c> any one; <c>\*</c>, <c>\?</c> and <c>\\</c> are literal.</summary>
/// <remarks>
/// The escape rule is Sigma's: a backslash escapes only a wildcard or another backslash and is literal before anything
/// else, so Windows paths need no doubling. Matching is linear in practice (greedy with one backtrack point).
/// </remarks>
public sealed class WildcardPattern
{
    // Tokens: a literal character, or AnyRun (*) / AnyOne (?) as out-of-band markers.
    private readonly int[] _tokens;
    private readonly bool _ignoreCase;
    private const int AnyRun = -1;
    private const int AnyOne = -2;

    public WildcardPattern(string pattern, bool ignoreCase)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        Pattern = pattern;
        _ignoreCase = ignoreCase;
        var tokens = new List<int>(pattern.Length);
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length && pattern[i + 1] is '*' or '?' or '\\')
            {
                tokens.Add(Fold(pattern[++i]));
            }
            else if (c == '*')
            {
                // Consecutive stars mean the same as one.
                if (tokens.Count == 0 || tokens[^1] != AnyRun)
                {
                    tokens.Add(AnyRun);
                }
            }
            else
            {
                tokens.Add(c == '?' ? AnyOne : Fold(c));
            }
        }

        _tokens = [.. tokens];
        HasWildcards = _tokens.Any(t => t < 0);
    }

    /// <summary>The pattern as written.</summary>
    public string Pattern { get; }

    /// <summary>False when the pattern is a plain literal (after escapes), so callers may compare directly.</summary>
    public bool HasWildcards { get; }

    /// <summary>The pattern's literal text with escapes removed; meaningful when <see cref="HasWildcards"/> is false.</summary>
    public string Literal => HasWildcards ? Pattern : string.Concat(_tokens.Select(t => (char)t));

    /// <summary>The longest run of literal characters (folded to upper case when case is ignored): every match contains it.</summary>
    public string LongestLiteral()
    {
        var best = "";
        var start = 0;
        for (var i = 0; i <= _tokens.Length; i++)
        {
            if (i == _tokens.Length || _tokens[i] < 0)
            {
                if (i - start > best.Length)
                {
                    best = string.Concat(_tokens[start..i].Select(t => (char)t));
                }

                start = i + 1;
            }
        }

        return best;
    }

    /// <summary>True when a string contains <c>*</c> or <c>?</c> that are not escaped.</summary>
    public static bool ContainsWildcards(string pattern) => new WildcardPattern(pattern ?? "", ignoreCase: false).HasWildcards;

    /// <summary>Escapes <c>*</c>, <c>?</c> and <c>\</c> so the text matches only itself.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length + 4);
        foreach (var c in text)
        {
            if (c is '*' or '?' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    public bool IsMatch(ReadOnlySpan<char> text)
    {
        var t = 0;
        var p = 0;
        var starP = -1;
        var starT = 0;
        while (t < text.Length)
        {
            if (p < _tokens.Length && (_tokens[p] == AnyOne || (_tokens[p] >= 0 && _tokens[p] == Fold(text[t]))))
            {
                t++;
                p++;
            }
            else if (p < _tokens.Length && _tokens[p] == AnyRun)
            {
                starP = p++;
                starT = t;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                t = ++starT;
            }
            else
            {
                return false;
            }
        }

        while (p < _tokens.Length && _tokens[p] == AnyRun)
        {
            p++;
        }

        return p == _tokens.Length;
    }

    private int Fold(char c) => _ignoreCase ? char.ToUpperInvariant(c) : c;

    public override string ToString() => Pattern;
}
