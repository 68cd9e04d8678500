using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>A dotted path into a record, such as <c>requestParameters.bucketName</c> or <c>resources[0].ARN</c>.</summary>
/// <remarks>
/// A property segment that meets an array applies to every element, so a path can resolve to several values;
/// conditions match when any of them does.
/// </remarks>
public sealed class FieldPath : FieldReader
{
    private readonly PathSegment[] _segments;

    private FieldPath(string text, PathSegment[] segments)
    {
        Text = text;
        _segments = segments;
    }

    public override string Text { get; }

    /// <summary>The last property name of the path (<c>c</c> in <c>a.b[0].c</c>), null when it ends on an index.</summary>
    public string? LastPropertyName => _segments[^1].IsIndex ? null : _segments[^1].Name;

    /// <summary>True for a path of one property name and no index, such as <c>eventName</c>.</summary>
    public bool IsTopLevelProperty(string name) =>
        _segments.Length == 1 && !_segments[0].IsIndex && string.Equals(_segments[0].Name, name, StringComparison.Ordinal);

    /// <summary>True for a path that starts with this top-level property name and goes further, such as <c>userIdentity.type</c>.</summary>
    public bool IsBelowTopLevelProperty(string name) =>
        _segments.Length > 1 && !_segments[0].IsIndex && string.Equals(_segments[0].Name, name, StringComparison.Ordinal);

    /// <exception cref="FormatException">The text is not a valid path.</exception>
    public static FieldPath Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var path, out var error) ? path : throw new FormatException(error);
    }

    public static bool TryParse(string text, [NotNullWhen(true)] out FieldPath? path, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        path = null;
        error = null;
        if (text.Length == 0)
        {
            error = "field path is empty";
            return false;
        }

        var segments = new List<PathSegment>();
        foreach (var part in text.Split('.'))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? part : part[..bracket];
            if (name.Length == 0 || name.Contains(']', StringComparison.Ordinal))
            {
                error = $"field path '{text}' has an empty or malformed segment";
                return false;
            }

            segments.Add(PathSegment.Property(name));
            var rest = bracket < 0 ? "" : part[bracket..];
            while (rest.Length > 0)
            {
                var close = rest.IndexOf(']', StringComparison.Ordinal);
                if (rest[0] != '[' || close < 2
                    || !int.TryParse(rest.AsSpan(1, close - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    error = $"field path '{text}' has a malformed index (expected [N] with N a non-negative integer)";
                    return false;
                }

                segments.Add(PathSegment.ArrayIndex(index));
                rest = rest[(close + 1)..];
            }
        }

        path = new FieldPath(text, [.. segments]);
        return true;
    }

    /// <summary>The first value at this path, if any.</summary>
    public bool TryGetFirst(JsonElement record, out JsonElement value) => TryGetFirst(record, 0, out value);

    public override bool TryGetFirst(EventRecord record, out JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (TryTopLevel(record, out var child, out var answered))
        {
            return TryGetFirst(child, 1, out value);
        }

        value = default;
        return !answered && TryGetFirst(record.Root, 0, out value);
    }

    /// <summary>Every value at this path, in document order.</summary>
    public IReadOnlyList<JsonElement> Resolve(JsonElement record)
    {
        var results = new List<JsonElement>();
        Collect(record, 0, results);
        return results;
    }

    public override IReadOnlyList<JsonElement> Resolve(EventRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (TryTopLevel(record, out var child, out var answered))
        {
            var results = new List<JsonElement>();
            Collect(child, 1, results);
            return results;
        }

        return answered ? [] : Resolve(record.Root);
    }

    internal override bool Any(EventRecord record, IValuePredicate predicate) =>
        TryTopLevel(record, out var child, out var answered) ? Any(child, 1, predicate) : !answered && Any(record.Root, 0, predicate);

    // The first step from a record that is an object, through the record's listed top-level properties: found (true),
    // or known absent (false, answered). A record of another kind is left to the general walk (false, not answered).
    private bool TryTopLevel(EventRecord record, out JsonElement child, out bool answered)
    {
        child = default;
        answered = record.Root.ValueKind == JsonValueKind.Object;
        return answered && !_segments[0].IsIndex && record.TryGetProperty(_segments[0].NameUtf8, out child);
    }

    private bool Any(JsonElement value, int position, IValuePredicate predicate)
    {
        if (position == _segments.Length)
        {
            if (predicate.Test(value))
            {
                return true;
            }

            // A path that ends on an array looks into its elements too, as it does when it passes through one.
            if (value.ValueKind == JsonValueKind.Array)
            {
                foreach (var element in value.EnumerateArray())
                {
                    if (predicate.Test(element))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        var segment = _segments[position];
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                return !segment.IsIndex
                    && value.TryGetProperty(segment.NameUtf8, out var child)
                    && Any(child, position + 1, predicate);
            case JsonValueKind.Array when segment.IsIndex:
                return segment.Index < value.GetArrayLength() && Any(value[segment.Index], position + 1, predicate);
            case JsonValueKind.Array:
                // A name meeting an array fans out: the same segment applies to each element.
                foreach (var element in value.EnumerateArray())
                {
                    if (Any(element, position, predicate))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    private bool TryGetFirst(JsonElement value, int position, out JsonElement found)
    {
        found = default;
        if (position == _segments.Length)
        {
            found = value;
            return true;
        }

        var segment = _segments[position];
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                return !segment.IsIndex
                    && value.TryGetProperty(segment.NameUtf8, out var child)
                    && TryGetFirst(child, position + 1, out found);
            case JsonValueKind.Array when segment.IsIndex:
                return segment.Index < value.GetArrayLength() && TryGetFirst(value[segment.Index], position + 1, out found);
            case JsonValueKind.Array:
                foreach (var element in value.EnumerateArray())
                {
                    if (TryGetFirst(element, position, out found))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    private void Collect(JsonElement value, int position, List<JsonElement> results)
    {
        if (position == _segments.Length)
        {
            results.Add(value);
            return;
        }

        var segment = _segments[position];
        if (value.ValueKind == JsonValueKind.Object)
        {
            if (!segment.IsIndex && value.TryGetProperty(segment.NameUtf8, out var child))
            {
                Collect(child, position + 1, results);
            }
        }
        else if (value.ValueKind == JsonValueKind.Array)
        {
            if (segment.IsIndex)
            {
                if (segment.Index < value.GetArrayLength())
                {
                    Collect(value[segment.Index], position + 1, results);
                }
            }
            else
            {
                foreach (var element in value.EnumerateArray())
                {
                    Collect(element, position, results);
                }
            }
        }
    }
}
