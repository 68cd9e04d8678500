using Xunit;
using static TrailWatcher.Tests.Deploy.DeployFiles;

namespace TrailWatcher.Tests.Deploy;

public sealed class DockerfileTests
{
    // (instruction, arguments), continuations joined and comments dropped.
    private static readonly List<(string Instruction, string Arguments)> Instructions = Parse(Text(Path.Combine(Root, "Dockerfile")));

    [Fact]
    public void Dockerfile_Build_CallsThePublishScript()
    {
        var stages = Instructions.Where(i => i.Instruction == "FROM").ToList();
        Assert.True(stages.Count >= 2, "expected a multi-stage build");
        var runs = Instructions.Where(i => i.Instruction == "RUN").Select(i => i.Arguments).ToList();
        Assert.Contains(runs, r => r.Contains("scripts/publish.sh", StringComparison.Ordinal));
        // The build steps live in the script only: no second copy of the publish command here.
        Assert.DoesNotContain(runs, r => r.Contains("dotnet publish", StringComparison.Ordinal));
        Assert.Contains(Instructions, i => i.Instruction == "COPY" && i.Arguments.Contains("scripts/publish.sh", StringComparison.Ordinal));
    }

    [Fact]
    public void Dockerfile_Runtime_IsTheRuntimeDependenciesImage()
    {
        // The build is self-contained (scripts/publish.sh): the image needs only what .NET itself runs on.
        var final = Instructions.Last(i => i.Instruction == "FROM").Arguments;
        Assert.Contains("/dotnet/runtime-deps:10.0", final, StringComparison.Ordinal);
    }

    [Fact]
    public void Dockerfile_Runtime_ExposesMetricsAndChecksHealth()
    {
        Assert.Contains(Instructions, i => i.Instruction == "EXPOSE" && i.Arguments.Split(' ').Contains("9464"));
        var healthcheck = Assert.Single(Instructions, i => i.Instruction == "HEALTHCHECK").Arguments;
        Assert.Matches("CMD\\s+\\[\\s*\"/app/TrailWatcher\"\\s*,\\s*\"health\"", healthcheck);
        Assert.Contains(Instructions, i => i.Instruction == "ENV" && i.Arguments.Contains("TrailWatcher__Metrics__BindAddress=0.0.0.0", StringComparison.Ordinal));
        Assert.Contains("/app/TrailWatcher", Instructions.Last(i => i.Instruction == "ENTRYPOINT").Arguments, StringComparison.Ordinal);
    }

    [Fact]
    public void Dockerfile_Runtime_RunsAsNonRoot()
    {
        var finalStage = Instructions.FindLastIndex(i => i.Instruction == "FROM");
        var user = Instructions.Skip(finalStage).LastOrDefault(i => i.Instruction == "USER").Arguments;
        Assert.False(string.IsNullOrWhiteSpace(user), "the runtime stage sets no USER");
        var name = user.Split(':')[0];
        Assert.DoesNotContain(name, (string[])["root", "0"]);
        Assert.True(name is "app" or "$APP_UID" or "${APP_UID}" || (int.TryParse(name, out var uid) && uid > 0), $"USER {user}");
    }

    [Fact]
    public void Dockerfile_EnvironmentVariables_NameExistingSettings()
    {
        using var settings = AppSettings();
        var names = Instructions.Where(i => i.Instruction == "ENV")
            .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(a => a.Contains('=', StringComparison.Ordinal))
            .Select(a => a.Split('=', 2)[0]);
        var problems = TrailWatcherVariables(names).Select(v => UnknownSetting(settings.RootElement, v)).OfType<string>().ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    internal static List<(string Instruction, string Arguments)> Parse(string text)
    {
        var instructions = new List<(string, string)>();
        var pending = "";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || (line.Length == 0 && pending.Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            var full = (pending + line).Trim();
            pending = "";
            if (full.Length == 0)
            {
                continue;
            }

            var space = full.IndexOf(' ', StringComparison.Ordinal);
            Assert.True(space > 0, $"not an instruction: '{full}'");
            instructions.Add((full[..space].ToUpperInvariant(), full[(space + 1)..].Trim()));
        }

        Assert.True(pending.Length == 0, "the Dockerfile ends inside a continued line");
        return instructions;
    }
}
