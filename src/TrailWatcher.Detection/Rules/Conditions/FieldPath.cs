using System.Text.Json;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>A dotted path into a record, such as <c>requestParameters.bucketName</c>.</summary>
public sealed class FieldPath
{
    private readonly string[] _segments;

    private FieldPath(string text, string[] segments)
    {
        Text = text;
        _segments = segments;
    }

    public string Text { get; }

    public static FieldPath Parse(string text) => new(text, text.Split('.'));

    /// <summary>The first value at this path, if any.</summary>
    public bool TryGetFirst(JsonElement record, out JsonElement value)
    {
        value = record;
        foreach (var segment in _segments)
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(segment, out value))
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => Text;
}
