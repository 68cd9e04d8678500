using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TrailWatcher.Detection.Reading;

/// <summary>Turns 64 bytes of JSON into bit masks of the characters the record scanner cares about.</summary>
/// <remarks>
/// The masks let the scanner find string boundaries and brackets for a whole block with a handful of vector
/// compares, instead of stopping at every quote (the technique of simdjson's first stage).
/// </remarks>
internal static class JsonBlockClassifier
{
    public const int BlockSize = 64;

    private const ulong EvenBits = 0x5555_5555_5555_5555UL;

    /// <summary>Bit i of each mask is set when byte i of the block is that character.</summary>
    /// <param name="block">Exactly <see cref="BlockSize"/> readable bytes starting here.</param>
    /// <param name="quotes">The byte is <c>"</c>.</param>
    /// <param name="backslashes">The byte is <c>\</c>.</param>
    /// <param name="opens"><c>{</c> or <c>[</c>.</param>
    /// <param name="closes"><c>}</c> or <c>]</c>.</param>
    /// <param name="keyStarts"><c>e</c>, <c>v</c> or <c>\</c>: the first bytes of the keys the reader notes (eventSource, eventName, eventTime, errorCode, errorMessage, vpcEndpointId).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Classify(
        ref byte block, out ulong quotes, out ulong backslashes, out ulong opens, out ulong closes, out ulong keyStarts)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            var v = Vector512.LoadUnsafe(ref block);
            // '{' 0x7B / '[' 0x5B and '}' 0x7D / ']' 0x5D differ only in bit 0x20, so one compare finds each pair.
            var folded = v | Vector512.Create((byte)0x20);
            var bs = Vector512.Equals(v, Vector512.Create((byte)'\\'));
            quotes = Vector512.Equals(v, Vector512.Create((byte)'"')).ExtractMostSignificantBits();
            backslashes = bs.ExtractMostSignificantBits();
            opens = Vector512.Equals(folded, Vector512.Create((byte)'{')).ExtractMostSignificantBits();
            closes = Vector512.Equals(folded, Vector512.Create((byte)'}')).ExtractMostSignificantBits();
            keyStarts = (Vector512.Equals(v, Vector512.Create((byte)'e')) | Vector512.Equals(v, Vector512.Create((byte)'v')) | bs).ExtractMostSignificantBits();
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Classify256(Vector256.LoadUnsafe(ref block), out var q0, out var b0, out var o0, out var c0, out var k0);
            Classify256(Vector256.LoadUnsafe(ref block, 32), out var q1, out var b1, out var o1, out var c1, out var k1);
            quotes = q0 | ((ulong)q1 << 32);
            backslashes = b0 | ((ulong)b1 << 32);
            opens = o0 | ((ulong)o1 << 32);
            closes = c0 | ((ulong)c1 << 32);
            keyStarts = k0 | ((ulong)k1 << 32);
        }
        else
        {
            quotes = backslashes = opens = closes = keyStarts = 0;
            for (var i = 0; i < BlockSize; i += 16)
            {
                var v = Vector128.LoadUnsafe(ref block, (nuint)i);
                var folded = v | Vector128.Create((byte)0x20);
                var bs = Vector128.Equals(v, Vector128.Create((byte)'\\'));
                quotes |= (ulong)Vector128.Equals(v, Vector128.Create((byte)'"')).ExtractMostSignificantBits() << i;
                backslashes |= (ulong)bs.ExtractMostSignificantBits() << i;
                opens |= (ulong)Vector128.Equals(folded, Vector128.Create((byte)'{')).ExtractMostSignificantBits() << i;
                closes |= (ulong)Vector128.Equals(folded, Vector128.Create((byte)'}')).ExtractMostSignificantBits() << i;
                keyStarts |= (ulong)(Vector128.Equals(v, Vector128.Create((byte)'e')) | Vector128.Equals(v, Vector128.Create((byte)'v')) | bs).ExtractMostSignificantBits() << i;
            }
        }
    }

    /// <summary>Classifies a block given as a span, for callers outside the hot loop and for tests.</summary>
    public static void Classify(
        ReadOnlySpan<byte> block, out ulong quotes, out ulong backslashes, out ulong opens, out ulong closes, out ulong keyStarts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(block.Length, BlockSize);
        Classify(ref MemoryMarshal.GetReference(block), out quotes, out backslashes, out opens, out closes, out keyStarts);
    }

    /// <summary>Marks the characters escaped by a preceding odd run of backslashes.</summary>
    /// <param name="backslashes">Backslash mask of the block.</param>
    /// <param name="previousEscaped">1 when the first character of this block is escaped by the previous one; updated for the next block.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong FindEscaped(ulong backslashes, ref ulong previousEscaped)
    {
        if (backslashes == 0)
        {
            var carried = previousEscaped;
            previousEscaped = 0;
            return carried;
        }

        // simdjson's branchless form: a run of backslashes escapes the character after it when the run is odd;
        // adding the run's start to the run carries through it and exposes the parity relative to even bits.
        backslashes &= ~previousEscaped;
        var followsEscape = (backslashes << 1) | previousEscaped;
        var oddSequenceStarts = backslashes & ~EvenBits & ~followsEscape;
        var sequencesStartingOnEvenBits = oddSequenceStarts + backslashes;
        previousEscaped = sequencesStartingOnEvenBits < oddSequenceStarts ? 1UL : 0UL;
        var invertMask = sequencesStartingOnEvenBits << 1;
        return (EvenBits ^ invertMask) & followsEscape;
    }

    /// <summary>Bit i of the result is the XOR of bits 0..i: set from an opening quote up to (not including) its closing quote.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong PrefixXor(ulong bits)
    {
        bits ^= bits << 1;
        bits ^= bits << 2;
        bits ^= bits << 4;
        bits ^= bits << 8;
        bits ^= bits << 16;
        bits ^= bits << 32;
        return bits;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Classify256(
        Vector256<byte> v, out uint quotes, out uint backslashes, out uint opens, out uint closes, out uint keyStarts)
    {
        var folded = v | Vector256.Create((byte)0x20);
        var bs = Vector256.Equals(v, Vector256.Create((byte)'\\'));
        quotes = Vector256.Equals(v, Vector256.Create((byte)'"')).ExtractMostSignificantBits();
        backslashes = bs.ExtractMostSignificantBits();
        opens = Vector256.Equals(folded, Vector256.Create((byte)'{')).ExtractMostSignificantBits();
        closes = Vector256.Equals(folded, Vector256.Create((byte)'}')).ExtractMostSignificantBits();
        keyStarts = (Vector256.Equals(v, Vector256.Create((byte)'e')) | Vector256.Equals(v, Vector256.Create((byte)'v')) | bs).ExtractMostSignificantBits();
    }
}
