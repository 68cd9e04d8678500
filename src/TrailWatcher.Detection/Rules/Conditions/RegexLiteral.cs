using System.Text;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>
/// The longest run of plain characters a regular expression requires in every match, read from the pattern without
/// compiling it: what lets a guard rule out a record before any pattern runs.
/// </summary>
/// <remarks>
/// Conservative: only characters outside every group and class, not made optional by a quantifier, count; a pattern
/// with a top-level alternation or an inline option (which could change what the characters mean) gives nothing.
/// </remarks>
internal static class RegexLiteral
{
    /// <summary>The required run, or null when the pattern guarantees none of at least three characters.</summary>
    public static string? Required(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var best = "";
        var run = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '|':
                    return null;
                case '(':
                    if (i + 2 < pattern.Length && pattern[i + 1] == '?' && (char.IsAsciiLetter(pattern[i + 2]) || pattern[i + 2] == '-') && pattern[i + 2] is not 'P')
                    {
                        // An inline option such as (?i) or (?x) may change how the rest reads.
                        return null;
                    }

                    End(run, ref best);
                    i = SkipGroup(pattern, i);
                    if (i < 0)
                    {
                        return null;
                    }

                    break;
                case '[':
                    End(run, ref best);
                    i = SkipClass(pattern, i);
                    if (i < 0)
                    {
                        return null;
                    }

                    break;
                case '\\':
                    if (i + 1 >= pattern.Length)
                    {
                        return null;
                    }

                    var next = pattern[++i];
                    if (char.IsAsciiLetterOrDigit(next))
                    {
                        // \d, \w, \b, \1, \x41, \u0041 …: a class, an anchor, a reference or a code: not plain text.
                        End(run, ref best);
                    }
                    else
                    {
                        run.Append(next);
                    }

                    break;
                case '*' or '?':
                    EndBeforeQuantified(run, ref best);
                    break;
                case '{':
                    EndBeforeQuantified(run, ref best);
                    i = pattern.IndexOf('}', i);
                    if (i < 0)
                    {
                        return null;
                    }

                    break;
                case '+':
                    // The character before is there at least once, but may repeat: the run stops after it.
                    End(run, ref best);
                    break;
                case '.' or '^' or '$' or ')':
                    End(run, ref best);
                    break;
                default:
                    run.Append(c);
                    break;
            }
        }

        End(run, ref best);
        return best.Length >= 3 ? best : null;
    }

    // The character before a quantifier that allows none (or an exact count, kept simple) may be absent: it leaves the run.
    private static void EndBeforeQuantified(StringBuilder run, ref string best)
    {
        if (run.Length > 0)
        {
            run.Length--;
        }

        End(run, ref best);
    }

    private static void End(StringBuilder run, ref string best)
    {
        if (run.Length > best.Length)
        {
            best = run.ToString();
        }

        run.Clear();
    }

    // The index of the ')' that closes the group opened at 'open'; -1 when unbalanced.
    private static int SkipGroup(string pattern, int open)
    {
        var depth = 0;
        for (var i = open; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\':
                    i++;
                    break;
                case '[':
                    i = SkipClass(pattern, i);
                    if (i < 0)
                    {
                        return -1;
                    }

                    break;
                case '(':
                    depth++;
                    break;
                case ')':
                    if (--depth == 0)
                    {
                        return i;
                    }

                    break;
            }
        }

        return -1;
    }

    // The index of the ']' that closes the class opened at 'open'; -1 when unclosed.
    private static int SkipClass(string pattern, int open)
    {
        var i = open + 1;
        if (i < pattern.Length && pattern[i] == '^')
        {
            i++;
        }

        // A ']' first in the class is literal.
        if (i < pattern.Length && pattern[i] == ']')
        {
            i++;
        }

        for (; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\')
            {
                i++;
            }
            else if (pattern[i] == ']')
            {
                return i;
            }
        }

        return -1;
    }
}
