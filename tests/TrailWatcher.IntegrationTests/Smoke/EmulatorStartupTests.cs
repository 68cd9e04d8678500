using Xunit;
using Xunit.Abstractions;

namespace TrailWatcher.IntegrationTests.Smoke;

/// <summary>Records which backend ran and how long it took to come up, so slow starts are visible in test output.</summary>
[Collection(AwsEmulatorCollection.Name)]
public sealed class EmulatorStartupTests(AwsEmulatorFixture emulator, ITestOutputHelper output)
{
    [Fact]
    public void Emulator_Started_AnswersOnLoopbackWithinBudget()
    {
        output.WriteLine($"backend={emulator.Backend} url={emulator.ServiceUrl} install={emulator.InstallDuration.TotalSeconds:F1}s startup={emulator.StartupDuration.TotalSeconds:F2}s fallback={emulator.FallbackReason ?? "-"}");

        Assert.Contains(emulator.Backend, new[] { "localstack", "fauxqs" });
        Assert.StartsWith("http://127.0.0.1:", emulator.ServiceUrl, StringComparison.Ordinal);
        Assert.True(emulator.StartupDuration < TimeSpan.FromMinutes(3), $"startup took {emulator.StartupDuration}");
    }
}
