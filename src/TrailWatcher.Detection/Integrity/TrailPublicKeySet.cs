using System.Security.Cryptography;
using System.Text.Json;

namespace TrailWatcher.Detection.Integrity;

/// <summary>The public keys a user saved from <c>aws cloudtrail list-public-keys</c>, found by fingerprint.</summary>
public sealed class TrailPublicKeySet
{
    private readonly Dictionary<string, TrailPublicKey> _byFingerprint;

    public TrailPublicKeySet(IEnumerable<TrailPublicKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _byFingerprint = new Dictionary<string, TrailPublicKey>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in keys)
        {
            _byFingerprint[key.Fingerprint] = key;
        }
    }

    public int Count => _byFingerprint.Count;

    /// <summary>Every key, one per fingerprint: to merge the sets of several regions or pages.</summary>
    public IReadOnlyCollection<TrailPublicKey> Keys => _byFingerprint.Values;

    public TrailPublicKey? Find(string fingerprint) => _byFingerprint.GetValueOrDefault(fingerprint);

    /// <summary>Reads ListPublicKeys' JSON: <c>{"PublicKeyList":[{"Value": base64 DER, "Fingerprint": hex, ...}]}</c> (names in any case).</summary>
    /// <exception cref="FormatException">The text is not that JSON, or a key is not an RSA public key; the message names <paramref name="source"/>.</exception>
    public static TrailPublicKeySet Parse(string json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{source}: not valid JSON ({ex.Message})", ex);
        }

        using (document)
        {
            var list = document.RootElement.ValueKind == JsonValueKind.Object ? Property(document.RootElement, "PublicKeyList") : null;
            if (list is not { ValueKind: JsonValueKind.Array } array)
            {
                throw new FormatException($"{source}: no PublicKeyList array (save the output of `aws cloudtrail list-public-keys`)");
            }

            var keys = new List<TrailPublicKey>();
            var index = 0;
            foreach (var item in array.EnumerateArray())
            {
                keys.Add(ParseKey(item, $"{source}: PublicKeyList[{index++}]"));
            }

            return new TrailPublicKeySet(keys);
        }
    }

    private static TrailPublicKey ParseKey(JsonElement item, string where)
    {
        var fingerprint = Text(item, "Fingerprint") ?? throw new FormatException($"{where}: Fingerprint missing");
        var value = Text(item, "Value") ?? throw new FormatException($"{where}: Value missing");
        try
        {
            var key = new TrailPublicKey(fingerprint, Convert.FromBase64String(value));
            key.EnsureReadable();
            return key;
        }
        catch (FormatException ex)
        {
            throw new FormatException($"{where}: Value is not base64", ex);
        }
        catch (CryptographicException ex)
        {
            throw new FormatException($"{where}: Value is not an RSA public key ({ex.Message})", ex);
        }
    }

    private static string? Text(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && Property(item, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static JsonElement? Property(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            // The API names it PublicKeyList, the CLI's documented sample publicKeyList.
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }
}
