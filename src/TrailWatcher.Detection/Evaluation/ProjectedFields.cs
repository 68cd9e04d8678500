using System.Text.Json;
using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Evaluation;

/// <summary>One record's values of a <see cref="MatchProjection"/>'s paths, kept after the record's parse is released.</summary>
public sealed class ProjectedFields
{
    private readonly MatchProjection _projection;
    private readonly string?[] _values;

    internal ProjectedFields(MatchProjection projection, string?[] values)
    {
        _projection = projection;
        _values = values;
    }

    /// <summary>The path's first value as text (see <see cref="Text(JsonElement)"/>); null when the record lacks it or holds null.</summary>
    public string? Get(FieldPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return _values[_projection.Slot(path)];
    }

    /// <summary>A JSON value as text: a string as its text, other scalars, objects and arrays as their JSON; null as none.</summary>
    public static string? Text(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => element.GetRawText(),
    };
}
