using System.Buffers.Binary;
using System.Security.Cryptography;
using TrailWatcher.Detection.Rules;

namespace TrailWatcher.Detection.Evaluation;

/// <summary>
/// The index's answer per (eventSource, eventName) exactly as the reader found them, byte for byte: a cheap hash of
/// the bytes per record instead of two lookups that first transcode the names and then fold their case.
/// </summary>
/// <remarks>
/// An open-addressing table whose slots are filled once and never emptied, so lookups take no lock. A log has a few
/// hundred distinct pairs; one that invents more (hostile or broken) fills the table to half its slots, and pairs that
/// find no room within a few probes are answered by the index's own lookups, as before the cache, never wrongly.
/// </remarks>
internal sealed class CandidateCache
{
    private const int Slots = 8192;
    private const int MaxEntries = Slots / 2;
    private const int MaxProbes = 8;

    // Seeded per process, so the slots a log's names land in differ from run to run; names built to collide anyway
    // (same length, same first and last eight bytes) cost at most MaxProbes comparisons before the index answers.
    private static readonly ulong Seed = BinaryPrimitives.ReadUInt64LittleEndian(RandomNumberGenerator.GetBytes(8)) | 1;

    private readonly Entry?[] _slots = new Entry?[Slots];
    private int _count;

    public bool TryGet(ReadOnlySpan<byte> eventSource, ReadOnlySpan<byte> eventName, out Rule[] rules)
    {
        var hash = Hash(eventSource, eventName);
        for (var probe = 0; probe < MaxProbes; probe++)
        {
            var entry = Volatile.Read(ref _slots[(int)((hash + (ulong)probe) & (Slots - 1))]);
            if (entry is null)
            {
                break;
            }

            if (entry.Hash == hash && entry.Source.AsSpan().SequenceEqual(eventSource) && entry.Name.AsSpan().SequenceEqual(eventName))
            {
                rules = entry.Rules;
                return true;
            }
        }

        rules = [];
        return false;
    }

    public void Add(ReadOnlySpan<byte> eventSource, ReadOnlySpan<byte> eventName, Rule[] rules)
    {
        if (Volatile.Read(ref _count) >= MaxEntries)
        {
            return;
        }

        var hash = Hash(eventSource, eventName);
        var entry = new Entry(hash, eventSource.ToArray(), eventName.ToArray(), rules);
        for (var probe = 0; probe < MaxProbes; probe++)
        {
            ref var slot = ref _slots[(int)((hash + (ulong)probe) & (Slots - 1))];
            // Two readers may add the same pair at once: both entries give the same answer, so either may win.
            if (Interlocked.CompareExchange(ref slot, entry, null) is null)
            {
                Interlocked.Increment(ref _count);
                return;
            }
        }
    }

    // The length and the first and last eight bytes of each part: names differ early (Describe…, Get…) or late
    // (…Policy, …Bucket), and a collision only costs a comparison.
    private static ulong Hash(ReadOnlySpan<byte> source, ReadOnlySpan<byte> name) =>
        Mix(Part(name) ^ (Part(source) * 0x9E37_79B9_7F4A_7C15UL));

    private static ulong Part(ReadOnlySpan<byte> text)
    {
        if (text.Length >= 8)
        {
            return BinaryPrimitives.ReadUInt64LittleEndian(text) ^ (BinaryPrimitives.ReadUInt64LittleEndian(text[^8..]) * 0xC2B2_AE3D_27D4_EB4FUL) ^ (ulong)text.Length;
        }

        var value = (ulong)text.Length << 56;
        foreach (var b in text)
        {
            value = (value << 8) | b;
        }

        return value;
    }

    private static ulong Mix(ulong value)
    {
        value ^= Seed;
        value ^= value >> 33;
        value *= 0xFF51_AFD7_ED55_8CCDUL;
        value ^= value >> 33;
        return value;
    }

    private sealed class Entry(ulong hash, byte[] source, byte[] name, Rule[] rules)
    {
        public ulong Hash { get; } = hash;

        public byte[] Source { get; } = source;

        public byte[] Name { get; } = name;

        public Rule[] Rules { get; } = rules;
    }
}
