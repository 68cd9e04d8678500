using System.Globalization;

namespace TrailWatcher.Benchmarks.Generation;

/// <summary>Identifier shapes AWS uses (access keys, request ids, GUIDs, instance ids), drawn from a seeded <see cref="Random"/>.</summary>
internal static class TrailRandom
{
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string UpperDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private const string Alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string Lower = "abcdefghijklmnopqrstuvwxyz0123456789";
    private const string Hex = "0123456789abcdef";

    public static string Upper32(Random rng, int length) => Draw(rng, Upper, length);

    public static string UpperAlnum(Random rng, int length) => Draw(rng, UpperDigits, length);

    public static string Alphanumeric(Random rng, int length) => Draw(rng, Alnum, length);

    public static string LowerAlnum(Random rng, int length) => Draw(rng, Lower, length);

    public static string HexString(Random rng, int length) => Draw(rng, Hex, length);

    public static string Guid(Random rng)
    {
        Span<byte> bytes = stackalloc byte[16];
        rng.NextBytes(bytes);
        // Version 4, RFC 4122 variant, like the GUIDs CloudTrail writes.
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString("D");
    }

    public static string Base64(Random rng, int byteCount)
    {
        Span<byte> bytes = byteCount <= 512 ? stackalloc byte[byteCount] : new byte[byteCount];
        rng.NextBytes(bytes);
        return Convert.ToBase64String(bytes);
    }

    public static string PublicIp(Random rng) => string.Create(CultureInfo.InvariantCulture,
        $"{rng.Next(3, 223)}.{rng.Next(0, 256)}.{rng.Next(0, 256)}.{rng.Next(1, 255)}");

    public static string AwsId(Random rng, string prefix) => prefix + HexString(rng, 17);

    public static string AccountId(Random rng) => string.Create(CultureInfo.InvariantCulture, $"{rng.Next(100_000, 999_999)}{rng.Next(0, 1_000_000):D6}");

    public static T Pick<T>(Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    private static string Draw(Random rng, string alphabet, int length) => string.Create(length, (rng, alphabet), static (span, state) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = state.alphabet[state.rng.Next(state.alphabet.Length)];
        }
    });
}
