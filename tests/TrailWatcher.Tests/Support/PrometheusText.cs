using System.Globalization;
using System.Text.RegularExpressions;

namespace TrailWatcher.Tests.Support;

/// <summary>Reads samples out of a Prometheus text exposition.</summary>
internal sealed partial class PrometheusText(string text)
{
    public string Text { get; } = text;

    /// <summary>The value of the one sample of <paramref name="name"/> whose labels include all of <paramref name="labels"/> (e.g. <c>outcome="failed"</c>); null when absent.</summary>
    public double? Value(string name, params string[] labels)
    {
        foreach (Match match in Sample().Matches(Text))
        {
            if (match.Groups["name"].Value == name && labels.All(l => match.Groups["labels"].Value.Contains(l, StringComparison.Ordinal)))
            {
                return double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
