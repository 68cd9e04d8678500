using System.Globalization;
using System.Text.Json;

namespace TrailWatcher.Detection.Rules.Ecs;

/// <summary>Reads a record's values as Elastic's pipeline sees them after its first pruning: null, "", "-" and "none" are absent.</summary>
internal static class EcsRecord
{
    /// <summary>The value at a path of property names, when pruning keeps it.</summary>
    public static bool TryGetKept(JsonElement record, out JsonElement value, params ReadOnlySpan<string> path)
    {
        value = record;
        foreach (var name in path)
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(name, out value))
            {
                return false;
            }
        }

        return PainlessText.IsKept(value);
    }

    /// <summary>True when the path holds a value pruning keeps.</summary>
    public static bool HasKept(JsonElement record, params ReadOnlySpan<string> path) => TryGetKept(record, out _, path);

    /// <summary>A kept scalar as the pipeline's templates write it: a string's content, a number's or boolean's text; else null.</summary>
    public static string? KeptText(JsonElement record, params ReadOnlySpan<string> path) =>
        TryGetKept(record, out var value, path) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => PainlessText.NumberText(value),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        } : null;

    /// <summary>An ISO 8601 time as Elastic's date processor stores it: UTC, milliseconds, <c>Z</c>; null when it does not parse.</summary>
    public static string? ElasticDate(string? text) =>
        text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
        && text.Contains('T', StringComparison.Ordinal)
            ? time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)
            : null;
}
