using Microsoft.Extensions.Options;

namespace TrailWatcher.Cli;

/// <summary>Collects every option-validation failure a failed start reported, however the host wrapped them.</summary>
internal static class ConfigurationErrors
{
    public static IReadOnlyList<string> From(Exception exception) => exception switch
    {
        OptionsValidationException validation => [.. validation.Failures],
        AggregateException aggregate => [.. aggregate.InnerExceptions.SelectMany(From)],
        // A value that cannot be converted (an unknown enum name, text for a number) names its key in the message.
        InvalidOperationException { InnerException: not null } conversion when conversion.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) => [Describe(conversion.Message)],
        _ => [],
    };

    // "Failed to convert configuration value 'abc' at 'A:B' to type 'System.Int32'." → "A:B: 'abc' is not a valid Int32".
    private static string Describe(string message)
    {
        var match = System.Text.RegularExpressions.Regex.Match(message, "value '(?<value>.*)' at '(?<key>[^']+)' to type '(?:System\\.)?(?<type>[^']+)'");
        return match.Success ? $"{match.Groups["key"].Value}: '{match.Groups["value"].Value}' is not a valid {match.Groups["type"].Value}" : message;
    }
}
