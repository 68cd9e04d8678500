using TrailWatcher.Cli;
using Xunit;

namespace TrailWatcher.Tests.Cli;

public sealed class ScanProgressTests
{
    [Theory]
    [InlineData(0, 10, 5, "?")]
    [InlineData(1, 4, 10, "0:00:30")]
    [InlineData(100, 7300, 100, "2:00:00")]
    [InlineData(4, 4, 10, "0:00:00")]
    public void Remaining_AtThePaceSoFar_ShowsTheTimeLeft(long done, long total, int elapsedSeconds, string expected) =>
        Assert.Equal(expected, ScanProgress.Remaining(done, total, TimeSpan.FromSeconds(elapsedSeconds)));
}
