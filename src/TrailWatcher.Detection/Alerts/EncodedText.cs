using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TrailWatcher.Detection.Alerts;

/// <summary>
/// The JSON-escaped UTF-8 form of a rule's text (title, runbook, references, tags), kept per string instance: every
/// alert of a rule shares the rule's strings, so each is escaped once instead of once per alert.
/// </summary>
internal static class EncodedText
{
    private static readonly ConditionalWeakTable<string, StrongBox<JsonEncodedText>> Cache = [];

    /// <summary>The encoded form of <paramref name="text"/>, with the escaping every alert output uses.</summary>
    public static JsonEncodedText Of(string text, JavaScriptEncoder encoder) =>
        Cache.GetValue(text, t => new StrongBox<JsonEncodedText>(JsonEncodedText.Encode(t, encoder))).Value;
}
