using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TrailWatcher.Detection.Correlation;

/// <summary>
/// A correlation match's group as a JSON object, so tuning exceptions written in the rules' condition language can read
/// it: each group-by name is a path (<c>userIdentity.arn</c> → <c>{"userIdentity":{"arn":"…"}}</c>) holding the
/// group's value as text.
/// </summary>
internal static class CorrelationGroupRecord
{
    /// <summary>The group's document; a name whose place another name already holds (<c>a</c> beside <c>a.b</c>) is left out.</summary>
    public static JsonDocument Parse(CorrelationMatch match)
    {
        var root = new JsonObject();
        for (var i = 0; i < match.GroupBy.Count && i < match.GroupValues.Count; i++)
        {
            Put(root, match.GroupBy[i].Split('.'), match.GroupValues[i]);
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            root.WriteTo(writer);
        }

        return JsonDocument.Parse(buffer.WrittenMemory);
    }

    private static void Put(JsonObject root, string[] segments, string value)
    {
        var node = root;
        for (var i = 0; i < segments.Length - 1; i++)
        {
            if (!node.TryGetPropertyValue(segments[i], out var child))
            {
                node[segments[i]] = child = new JsonObject();
            }

            if (child is not JsonObject inner)
            {
                return;
            }

            node = inner;
        }

        node.TryAdd(segments[^1], JsonValue.Create(value));
    }
}
