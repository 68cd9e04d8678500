using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Tests.Rules.Conditions;

public sealed class RegexLiteralTests
{
    [Theory]
    [InlineData(".+:assumed-role/aws:.+", ":assumed-role/aws:")]
    [InlineData("^arn:aws:iam::[0-9]{12}:root$", "arn:aws:iam::")]
    [InlineData(@"\.(?:txt|pdf)$", null)]
    [InlineData(@"secret\.json$", "secret.json")]
    [InlineData("abcd*ef", "abc")]
    [InlineData("abcd?ef", "abc")]
    [InlineData("abcd{2}ef", "abc")]
    [InlineData("abcd+xyz", "abcd")]
    [InlineData("ab(cdefgh)?ij", null)]
    [InlineData("abc|defgh", null)]
    [InlineData("(?i)password", null)]
    [InlineData("(?x) p a s s", null)]
    [InlineData(@"[a-z]+ransomware[0-9]", "ransomware")]
    [InlineData(@"\d+\s+literal\w", "literal")]
    [InlineData(@"[]ab]cdef", "cdef")]
    [InlineData("ab", null)]
    public void Required_LongestRunEveryMatchHolds(string pattern, string? expected)
    {
        Assert.Equal(expected, RegexLiteral.Required(pattern));
    }

    [Theory]
    [InlineData(".+:assumed-role/aws:.+", "arn:aws:sts::1:assumed-role/aws:ec2-infrastructure/i-1")]
    [InlineData(@"[a-z]+ransomware[0-9]", "xransomware1")]
    [InlineData("abcd+xyz", "abcddddxyz")]
    public void Required_IsInEveryMatch(string pattern, string match)
    {
        Assert.Matches(pattern, match);
        Assert.Contains(RegexLiteral.Required(pattern)!, match, StringComparison.Ordinal);
    }
}
