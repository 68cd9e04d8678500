using System.Text.RegularExpressions;

namespace TrailWatcher.Integrity;

/// <summary>A trail (or any trail of an account and region) whose digests must arrive every hour; what the gap tracker watches.</summary>
internal sealed partial record ExpectedTrail(string Account, string Region, string? Trail)
{
    /// <summary>The watched target as alerts and state name it: <c>account/region/trail</c>, or <c>account/region</c> for any trail there.</summary>
    public string Target => Trail is null ? $"{Account}/{Region}" : $"{Account}/{Region}/{Trail}";

    /// <summary>Parses <c>account/region</c> or <c>account/region/trail</c>; null when it is neither.</summary>
    public static ExpectedTrail? TryParse(string? text)
    {
        var match = text is null ? null : Pattern().Match(text.Trim());
        return match is { Success: true }
            ? new ExpectedTrail(match.Groups["account"].Value, match.Groups["region"].Value, match.Groups["trail"].Success ? match.Groups["trail"].Value : null)
            : null;
    }

    /// <summary>True when a digest chain of <paramref name="trail"/> (with its home region, as the digest key names it) counts for this entry.</summary>
    public bool Covers(ExpectedTrail trail) =>
        trail.Account == Account && trail.Region == Region
        && (Trail is null || trail.Trail == Trail || (trail.Trail?.StartsWith(Trail + "_", StringComparison.Ordinal) ?? false));

    [GeneratedRegex(@"^(?<account>\d{12})/(?<region>[a-z]{2}(?:-[a-z]+)+-\d)(?:/(?<trail>[A-Za-z0-9._-]{1,128}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
