namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>The one table of <c>is:</c> names and the notions they stand for.</summary>
public static class RecordNotionNames
{
    private static readonly (string Name, RecordNotion Notion)[] Table =
    [
        ("success", RecordNotion.Success),
        ("root", RecordNotion.Root),
        ("aws_service", RecordNotion.AwsService),
        ("real_source_ip", RecordNotion.RealSourceIp),
        ("console", RecordNotion.Console),
        ("mfa", RecordNotion.Mfa),
    ];

    /// <summary>Every name, in documentation order, for error messages.</summary>
    public static string List { get; } = string.Join(", ", Table.Select(t => t.Name));

    public static bool TryParse(string? name, out RecordNotion notion)
    {
        foreach (var (text, value) in Table)
        {
            if (string.Equals(text, name, StringComparison.Ordinal))
            {
                notion = value;
                return true;
            }
        }

        notion = default;
        return false;
    }
}
