namespace TrailWatcher.Detection.Rules.Ecs;

/// <summary>The order in which a <c>java.util.HashMap</c> built from these keys, inserted in this order, iterates them.</summary>
/// <remarks>
/// Elastic's ingest <c>json</c> processor parses objects into hash maps, so the text its pipeline renders lists keys in
/// bucket order, not in the record's order. A map starts with 16 buckets and doubles when it holds more than three
/// quarters of that, or when one bucket's chain passes eight keys while it has fewer than 64 buckets; keys sharing a
/// bucket keep their insertion order (a resize splits chains without reordering them).
/// </remarks>
internal static class JavaHashMapOrder
{
    private const int InitialCapacity = 16;
    private const int TreeifyThreshold = 8;
    private const int MinTreeifyCapacity = 64;

    /// <summary>Indexes into <paramref name="keys"/>, in iteration order.</summary>
    public static int[] Of(IReadOnlyList<string> keys)
    {
        var count = keys.Count;
        var hashes = new int[count];
        for (var i = 0; i < count; i++)
        {
            hashes[i] = Spread(JavaHash(keys[i]));
        }

        var mask = FinalCapacity(hashes) - 1;
        var order = new int[count];
        var sortKeys = new long[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
            sortKeys[i] = ((long)(hashes[i] & mask) << 32) | (uint)i;
        }

        Array.Sort(sortKeys, order);
        return order;
    }

    /// <summary><c>String.hashCode</c>: 31·h + c over the UTF-16 code units, wrapping.</summary>
    internal static int JavaHash(string text)
    {
        var hash = 0;
        foreach (var c in text)
        {
            hash = unchecked((31 * hash) + c);
        }

        return hash;
    }

    // HashMap mixes the high half into the low half before masking.
    private static int Spread(int hash) => hash ^ (int)((uint)hash >> 16);

    private static int FinalCapacity(int[] hashes)
    {
        var capacity = InitialCapacity;
        var chains = new int[capacity];
        for (var size = 1; size <= hashes.Length; size++)
        {
            var longChain = ++chains[hashes[size - 1] & (capacity - 1)] > TreeifyThreshold;
            if (longChain && capacity < MinTreeifyCapacity)
            {
                capacity *= 2;
                chains = Rebin(hashes, size, capacity);
            }

            if (size > capacity / 4 * 3)
            {
                capacity *= 2;
                chains = Rebin(hashes, size, capacity);
            }
        }

        return capacity;
    }

    private static int[] Rebin(int[] hashes, int size, int capacity)
    {
        var chains = new int[capacity];
        for (var i = 0; i < size; i++)
        {
            chains[hashes[i] & (capacity - 1)]++;
        }

        return chains;
    }
}
