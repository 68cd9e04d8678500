using Xunit;
using static TrailWatcher.Tests.Deploy.DeployFiles;

namespace TrailWatcher.Tests.Deploy;

public sealed class SystemdUnitTests
{
    private static readonly Dictionary<string, Dictionary<string, List<string>>> Unit = Parse(Text(DeployPath("systemd", "trailwatcher.service")));

    [Theory]
    [InlineData("Service", "Type", "notify")]
    [InlineData("Service", "ExecStart", "/opt/trailwatcher/TrailWatcher run")]
    [InlineData("Service", "EnvironmentFile", "-/etc/trailwatcher/trailwatcher.env")]
    [InlineData("Service", "Restart", "on-failure")]
    [InlineData("Service", "DynamicUser", "yes")]
    [InlineData("Service", "ProtectSystem", "strict")]
    [InlineData("Service", "ProtectHome", "yes")]
    [InlineData("Service", "PrivateTmp", "yes")]
    [InlineData("Service", "PrivateDevices", "yes")]
    [InlineData("Service", "NoNewPrivileges", "yes")]
    [InlineData("Service", "CapabilityBoundingSet", "")]
    [InlineData("Service", "AmbientCapabilities", "")]
    [InlineData("Service", "RestrictAddressFamilies", "AF_INET AF_INET6 AF_UNIX")]
    [InlineData("Service", "SystemCallFilter", "@system-service")]
    [InlineData("Service", "LockPersonality", "yes")]
    [InlineData("Service", "MemoryDenyWriteExecute", "yes")]
    [InlineData("Service", "StateDirectory", "trailwatcher")]
    [InlineData("Install", "WantedBy", "multi-user.target")]
    public void Unit_Directive_HasTheRequiredValue(string section, string key, string expected)
    {
        Assert.Equal(expected, Assert.Single(Values(section, key)));
    }

    [Theory]
    [InlineData("Unit", "StartLimitIntervalSec")]
    [InlineData("Unit", "StartLimitBurst")]
    [InlineData("Unit", "Description")]
    [InlineData("Service", "RestartSec")]
    [InlineData("Service", "WorkingDirectory")]
    public void Unit_Directive_IsSet(string section, string key)
    {
        Assert.False(string.IsNullOrWhiteSpace(Assert.Single(Values(section, key))), $"[{section}] {key} is empty");
    }

    [Fact]
    public void Unit_TimeoutStopSec_OutlastsTheWorkersShutdown()
    {
        var value = Assert.Single(Values("Service", "TimeoutStopSec")).TrimEnd('s');
        Assert.True(int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var seconds), $"TimeoutStopSec={value} is not in seconds");
        Assert.True(seconds >= 35, $"TimeoutStopSec={seconds} < ShutdownGraceSeconds (20) + 15");
    }

    [Fact]
    public void Unit_WritablePaths_AreOnlyTheStateDirectory()
    {
        var writable = Values("Service", "ReadWritePaths").SelectMany(v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.NotEmpty(writable);
        Assert.All(writable, p => Assert.StartsWith("/var/lib/trailwatcher", p.TrimStart('-'), StringComparison.Ordinal));

        // What the service writes (inbox, alerts file) lies in the state directory.
        var environment = Values("Service", "Environment").Select(e => e.Trim('"').Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        Assert.StartsWith("/var/lib/trailwatcher/", environment["TrailWatcher__Directory__Path"], StringComparison.Ordinal);
        Assert.StartsWith("/var/lib/trailwatcher/", environment["TrailWatcher__Sinks__File__Path"], StringComparison.Ordinal);
    }

    [Fact]
    public void Unit_EnvironmentVariables_NameExistingSettings()
    {
        using var settings = AppSettings();
        var names = Values("Service", "Environment").Select(e => e.Trim('"').Split('=', 2)[0]);
        var problems = TrailWatcherVariables(names).Select(v => UnknownSetting(settings.RootElement, v)).OfType<string>().ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static List<string> Values(string section, string key) =>
        Unit.TryGetValue(section, out var directives) && directives.TryGetValue(key, out var values) ? values : [];

    // systemd's unit syntax: [Section] headers, Key=Value lines, # or ; comments, trailing-backslash continuations.
    private static Dictionary<string, Dictionary<string, List<string>>> Parse(string text)
    {
        var sections = new Dictionary<string, Dictionary<string, List<string>>>(StringComparer.Ordinal);
        Dictionary<string, List<string>>? current = null;
        var lines = text.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line[0] == '[')
            {
                Assert.True(line[^1] == ']', $"line {i + 1}: bad section header '{line}'");
                current = [];
                Assert.True(sections.TryAdd(line[1..^1], current), $"line {i + 1}: section {line} repeated");
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            Assert.True(equals > 0, $"line {i + 1}: not Key=Value: '{line}'");
            Assert.True(current is not null, $"line {i + 1}: directive outside a section");
            var key = line[..equals].Trim();
            if (!current.TryGetValue(key, out var values))
            {
                current[key] = values = [];
            }

            values.Add(line[(equals + 1)..].Trim());
        }

        Assert.Equal(["Install", "Service", "Unit"], sections.Keys.Order(StringComparer.Ordinal));
        return sections;
    }
}
