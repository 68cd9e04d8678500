using TrailWatcher.Detection.Reading;

namespace TrailWatcher.Detection.Tests.Reading;

public class JsonBlockClassifierTests
{
    [Fact]
    public void Classify_Block_MarksEachCharacterClass()
    {
        var block = new byte[JsonBlockClassifier.BlockSize];
        Array.Fill(block, (byte)'x');
        block[0] = (byte)'"';
        block[1] = (byte)'\\';
        block[2] = (byte)'{';
        block[3] = (byte)'[';
        block[4] = (byte)'}';
        block[5] = (byte)']';
        block[6] = (byte)'e';
        block[63] = (byte)'"';

        JsonBlockClassifier.Classify(block, out var quotes, out var backslashes, out var opens, out var closes, out var keyStarts);

        Assert.Equal((1UL << 0) | (1UL << 63), quotes);
        Assert.Equal(1UL << 1, backslashes);
        Assert.Equal((1UL << 2) | (1UL << 3), opens);
        Assert.Equal((1UL << 4) | (1UL << 5), closes);
        Assert.Equal((1UL << 1) | (1UL << 6), keyStarts);
    }

    [Fact]
    public void FindEscaped_RandomBackslashRuns_MatchesCharacterByCharacterScan()
    {
        var random = new Random(1234);
        for (var trial = 0; trial < 2000; trial++)
        {
            // Dense backslashes over three blocks exercise runs that cross block boundaries.
            var backslash = new bool[3 * 64];
            for (var i = 0; i < backslash.Length; i++)
            {
                backslash[i] = random.Next(trial % 4 + 2) != 0;
            }

            var expected = new bool[backslash.Length];
            for (var i = 0; i < backslash.Length; i++)
            {
                if (backslash[i] && !expected[i] && i + 1 < backslash.Length)
                {
                    expected[i + 1] = true;
                }
            }

            ulong carry = 0;
            for (var block = 0; block < 3; block++)
            {
                ulong mask = 0;
                for (var bit = 0; bit < 64; bit++)
                {
                    mask |= backslash[(block * 64) + bit] ? 1UL << bit : 0;
                }

                var escaped = JsonBlockClassifier.FindEscaped(mask, ref carry);
                for (var bit = 0; bit < 64; bit++)
                {
                    Assert.Equal(expected[(block * 64) + bit], (escaped & (1UL << bit)) != 0);
                }
            }
        }
    }

    [Fact]
    public void PrefixXor_Quotes_MarksFromOpeningUpToClosingQuote()
    {
        var quotes = (1UL << 2) | (1UL << 5) | (1UL << 60);

        var inString = JsonBlockClassifier.PrefixXor(quotes);

        Assert.Equal((0b111UL << 2) | (0xFUL << 60), inString);
    }
}
