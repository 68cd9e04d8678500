using TrailWatcher.Detection.Rules;

namespace TrailWatcher.Rules;

/// <summary>The AWS service a rule watches, for listings: from its eventSource index keys (<c>s3.amazonaws.com</c> → <c>s3</c>), else its folder (<c>rules/aws/&lt;service&gt;/</c>).</summary>
internal static class AwsServiceName
{
    private const string Suffix = ".amazonaws.com";

    /// <summary>The service names, comma-separated when the rule watches several; empty when neither its condition nor its path says.</summary>
    public static string Of(Rule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.EventSources is { Count: > 0 } sources)
        {
            return string.Join(",", sources.Select(Short).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        }

        return Folder(rule.SourceFile);
    }

    private static string Short(string eventSource)
    {
        var lower = eventSource.ToLowerInvariant();
        return lower.EndsWith(Suffix, StringComparison.Ordinal) ? lower[..^Suffix.Length] : lower;
    }

    private static string Folder(string path)
    {
        var parts = path.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries);
        // rules/aws/<service>/<file>: the folder just below "aws", when the file sits in one.
        for (var i = parts.Length - 3; i >= 0; i--)
        {
            if (parts[i] == "aws")
            {
                return parts[i + 1];
            }
        }

        return "";
    }
}
