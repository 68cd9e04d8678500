using System.Globalization;
using TrailWatcher.Sources.S3;

namespace TrailWatcher.Cli;

/// <summary>The <c>--since</c>, <c>--until</c>, <c>--account</c> and <c>--region</c> options as typed, shared by the commands that walk a trail.</summary>
internal sealed record TrailFilterArguments(string? Since, string? Until, IReadOnlyList<string> Accounts, IReadOnlyList<string> Regions)
{
    public static TrailFilterArguments None { get; } = new(null, null, [], []);

    public bool Any => Since is not null || Until is not null || Accounts.Count > 0 || Regions.Count > 0;

    /// <summary>The filter, adding one problem per bad value (naming its option) to <paramref name="problems"/>.</summary>
    public TrailScanFilter Parse(List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var since = ParseTime("--since", Since, problems);
        var until = ParseTime("--until", Until, problems);
        if (since is not null && until is not null && since > until)
        {
            problems.Add($"--since {Since} is after --until {Until}");
        }

        foreach (var account in Accounts.Where(a => a.Length != 12 || !a.All(char.IsAsciiDigit)))
        {
            problems.Add($"--account: '{account}' is not a 12-digit AWS account id");
        }

        foreach (var region in Regions.Where(r => r.Length == 0 || !r.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')))
        {
            problems.Add($"--region: '{region}' is not an AWS region name such as us-east-1");
        }

        return new TrailScanFilter(since, until, [.. Accounts.Distinct(StringComparer.Ordinal)], [.. Regions.Distinct(StringComparer.Ordinal)]);
    }

    internal static DateTimeOffset? ParseTime(string option, string? text, List<string> problems)
    {
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }

        problems.Add($"{option}: '{text}' is not a time such as 2024-01-15T10:00:00Z");
        return null;
    }
}
