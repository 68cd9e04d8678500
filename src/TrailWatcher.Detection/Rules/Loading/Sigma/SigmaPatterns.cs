using System.Text;

namespace TrailWatcher.Detection.Rules.Loading.Sigma;

/// <summary>Sigma's wildcard text: rewrites a value with every literal special character escaped, so affixes can be joined to it safely.</summary>
internal static class SigmaPatterns
{
    /// <summary>The same pattern, with a lone backslash (literal in Sigma) written as <c>\\</c>: appending <c>*</c> can then not turn it into an escape.</summary>
    public static string Canonical(string value)
    {
        var builder = new StringBuilder(value.Length + 4);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\\')
            {
                if (i + 1 < value.Length && value[i + 1] is '*' or '?' or '\\')
                {
                    builder.Append('\\').Append(value[++i]);
                }
                else
                {
                    builder.Append(@"\\");
                }
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

}
