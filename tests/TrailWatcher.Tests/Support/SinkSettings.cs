using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrailWatcher.Hosting;
using TrailWatcher.Sinks;
using Xunit;

namespace TrailWatcher.Tests.Support;

/// <summary>The sinks registered from in-memory settings as the host registers them, and what their validation reports.</summary>
internal static class SinkSettings
{
    /// <summary>A provider with <c>AddTrailWatcherSinks</c> over the settings; nothing is validated until the options are read.</summary>
    public static ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddTrailWatcherSinks(configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>Every failure validation reports for the settings; fails the test when they are valid.</summary>
    public static List<string> Failures(Dictionary<string, string?> settings)
    {
        using var provider = Provider(settings);
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SinkOptions>>().Value);
        return [.. error.Failures];
    }

    /// <summary>The validated options; throws when validation fails.</summary>
    public static SinkOptions Valid(Dictionary<string, string?> settings)
    {
        using var provider = Provider(settings);
        return provider.GetRequiredService<IOptions<SinkOptions>>().Value;
    }

    /// <summary>Asserts that, for each setting, some failure starts with its full name and a colon.</summary>
    public static void AssertNamed(IReadOnlyCollection<string> failures, params string[] settings)
    {
        foreach (var setting in settings)
        {
            Assert.True(failures.Any(f => f.StartsWith(setting + ":", StringComparison.Ordinal)), $"no failure names {setting}; the failures: {string.Join(" | ", failures)}");
        }
    }
}
