using System.Collections.Concurrent;
using TrailWatcher.Detection.Rules;

namespace TrailWatcher.Detection.Evaluation;

/// <summary>
/// The index's answer per (eventSource, eventName) exactly as the reader found them, byte for byte: one hash of the
/// bytes per record instead of two lookups that first transcode the names and then fold their case.
/// </summary>
/// <remarks>
/// A log has a few hundred distinct pairs; one that invents more (hostile or broken) fills the cache to its bound,
/// and its further pairs are answered by the index's own lookups, as before the cache, never wrongly.
/// </remarks>
internal sealed class CandidateCache
{
    private const int MaxEntries = 16_384;

    private readonly ConcurrentDictionary<Key, Rule[]> _entries = new(KeyComparer.Instance);
    private readonly ConcurrentDictionary<Key, Rule[]>.AlternateLookup<Probe> _lookup;

    public CandidateCache() => _lookup = _entries.GetAlternateLookup<Probe>();

    public bool TryGet(ReadOnlySpan<byte> eventSource, ReadOnlySpan<byte> eventName, out Rule[] rules) =>
        _lookup.TryGetValue(new Probe(eventSource, eventName), out rules!);

    public void Add(ReadOnlySpan<byte> eventSource, ReadOnlySpan<byte> eventName, Rule[] rules)
    {
        if (_entries.Count < MaxEntries)
        {
            _lookup.TryAdd(new Probe(eventSource, eventName), rules);
        }
    }

    private sealed class Key(byte[] source, byte[] name)
    {
        public byte[] Source { get; } = source;

        public byte[] Name { get; } = name;
    }

    private readonly ref struct Probe(ReadOnlySpan<byte> source, ReadOnlySpan<byte> name)
    {
        public ReadOnlySpan<byte> Source { get; } = source;

        public ReadOnlySpan<byte> Name { get; } = name;
    }

    private sealed class KeyComparer : IEqualityComparer<Key>, IAlternateEqualityComparer<Probe, Key>
    {
        public static readonly KeyComparer Instance = new();

        public bool Equals(Key? x, Key? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null && x.Source.AsSpan().SequenceEqual(y.Source) && x.Name.AsSpan().SequenceEqual(y.Name));

        public int GetHashCode(Key obj) => Hash(obj.Source, obj.Name);

        public bool Equals(Probe alternate, Key other) => alternate.Source.SequenceEqual(other.Source) && alternate.Name.SequenceEqual(other.Name);

        public int GetHashCode(Probe alternate) => Hash(alternate.Source, alternate.Name);

        public Key Create(Probe alternate) => new(alternate.Source.ToArray(), alternate.Name.ToArray());

        // HashCode is seeded per process, so a log cannot choose names that all fall in one bucket.
        private static int Hash(ReadOnlySpan<byte> source, ReadOnlySpan<byte> name)
        {
            var hash = default(HashCode);
            hash.AddBytes(source);
            hash.Add(source.Length);
            hash.AddBytes(name);
            return hash.ToHashCode();
        }
    }
}
