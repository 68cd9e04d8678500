using System.Runtime.InteropServices;
using System.Text.Json;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>
/// A record's top-level properties, listed once so that each lookup compares two numbers per property instead of
/// walking the parsed object: a parsed record answers a lookup by stepping back through all its properties, and a
/// rule with a few notions asks a dozen times per record, most often for names it lacks.
/// </summary>
/// <remarks>
/// Lookups answer exactly as <see cref="JsonElement.TryGetProperty(ReadOnlySpan{byte}, out JsonElement)"/> does: a
/// repeated name yields its last value. A record spelling a name with an escape is not listed (<see cref="TryFill"/>
/// fails), so its lookups go to the parsed object, which unescapes. One list per thread is reused from record to record.
/// </remarks>
internal sealed class TopLevelProperties
{
    // A hostile record may have millions of top-level keys: past this many it is read as if not listed, so what a
    // thread keeps between records stays a few tens of kilobytes.
    internal const int MaxListed = 1024;

    [ThreadStatic]
    private static TopLevelProperties? t_spare;

    private ulong[] _heads = new ulong[32];
    private int[] _lengths = new int[32];
    private JsonProperty[] _properties = new JsonProperty[32];
    private int _count;

    /// <summary>This thread's spare list, or a new one.</summary>
    public static TopLevelProperties Rent()
    {
        var list = t_spare ?? new TopLevelProperties();
        t_spare = null;
        return list;
    }

    /// <summary>Gives a list back for the thread's next record; it no longer holds the record's document.</summary>
    public static void Return(TopLevelProperties list)
    {
        Array.Clear(list._properties, 0, list._count);
        list._count = 0;
        t_spare = list;
    }

    /// <summary>Lists the object's properties; false when a name is escaped or there are more than <see cref="MaxListed"/>, and the list must not be used.</summary>
    public bool TryFill(JsonElement record)
    {
        _count = 0;
        foreach (var property in record.EnumerateObject())
        {
            var name = JsonMarshal.GetRawUtf8PropertyName(property);
            if (name.Contains((byte)'\\') || _count == MaxListed)
            {
                return false;
            }

            if (_count == _properties.Length)
            {
                Array.Resize(ref _heads, _count * 2);
                Array.Resize(ref _lengths, _count * 2);
                Array.Resize(ref _properties, _count * 2);
            }

            _heads[_count] = Head(name);
            _lengths[_count] = name.Length;
            _properties[_count++] = property;
        }

        return true;
    }

    /// <summary>The value of the last property with this (unescaped UTF-8) name.</summary>
    public bool TryGet(ReadOnlySpan<byte> name, out JsonElement value)
    {
        var head = Head(name);
        for (var i = _count - 1; i >= 0; i--)
        {
            if (_heads[i] == head && _lengths[i] == name.Length && JsonMarshal.GetRawUtf8PropertyName(_properties[i]).SequenceEqual(name))
            {
                value = _properties[i].Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    // The first eight bytes as a number: with the length it tells CloudTrail's top-level names apart, and a match is
    // confirmed on the whole name.
    private static ulong Head(ReadOnlySpan<byte> name)
    {
        if (name.Length >= sizeof(ulong))
        {
            return MemoryMarshal.Read<ulong>(name);
        }

        ulong head = 0;
        for (var i = 0; i < name.Length; i++)
        {
            head |= (ulong)name[i] << (8 * i);
        }

        return head;
    }
}
