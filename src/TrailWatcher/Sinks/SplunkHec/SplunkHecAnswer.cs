using System.Globalization;
using System.Text.Json;

namespace TrailWatcher.Sinks.SplunkHec;

/// <summary>What the collector answered: <c>{"text":"Success","code":0,"ackId":7}</c>, or an error's text and code.</summary>
internal readonly record struct SplunkHecAnswer(string? Text, int? Code, long? AckId)
{
    /// <summary>The answer read from a body; all parts null when it is not HEC's JSON (a proxy's error page).</summary>
    public static SplunkHecAnswer Parse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return default;
            }

            return new SplunkHecAnswer(
                root.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null,
                root.TryGetProperty("code", out var code) && code.TryGetInt32(out var c) ? c : null,
                root.TryGetProperty("ackId", out var ack) && ack.TryGetInt64(out var a) ? a : null);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    /// <summary>The collector's own explanation, e.g. <c>Invalid token (code 4)</c>; null when it gave none.</summary>
    public string? Describe() => Text is null ? null : Code is { } code ? $"{Text} (code {code.ToString(CultureInfo.InvariantCulture)})" : Text;
}
