using System.Diagnostics;
using System.Globalization;

namespace TrailWatcher.Benchmarks.Latency;

/// <summary>Builds the command line of a TrailWatcher child, pinned with taskset to cores 0..N-1 when asked; worker and scan get the same.</summary>
internal static class Pinning
{
    /// <summary>How the report names the pinning of <paramref name="cores"/>.</summary>
    public static string Describe(int cores) =>
        cores <= 0 ? "unpinned" : cores == 1 ? "taskset -c 0" : string.Create(CultureInfo.InvariantCulture, $"taskset -c 0-{cores - 1}");

    public static ProcessStartInfo StartInfo(string trailWatcher, int cores, params string[] arguments)
    {
        var command = new List<string>();
        if (cores > 0)
        {
            if (!File.Exists("/usr/bin/taskset"))
            {
                throw new InvalidOperationException("--cores needs /usr/bin/taskset.");
            }

            command.AddRange(["/usr/bin/taskset", "-c", cores == 1 ? "0" : string.Create(CultureInfo.InvariantCulture, $"0-{cores - 1}")]);
        }

        if (trailWatcher.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            command.Add("dotnet");
        }

        command.Add(trailWatcher);
        command.AddRange(arguments);
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        // Nothing of the caller's own AWS setup (profile, session token) may reach a child that talks to the emulator.
        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(inherited);
        }

        return start;
    }
}
