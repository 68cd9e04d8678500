namespace TrailWatcher.Benchmarks.Latency;

/// <summary>What the numbers were measured on: CPU model, logical cores, and how busy the machine already was.</summary>
/// <param name="Cpu">The model name from /proc/cpuinfo.</param>
/// <param name="Cores">Logical cores the runtime sees.</param>
/// <param name="Os">The operating system's description.</param>
/// <param name="LoadAverage">The 1-minute load average when the run started: other work on the box moves every figure.</param>
internal sealed record MachineInfo(string Cpu, int Cores, string Os, double? LoadAverage)
{
    public static MachineInfo Current()
    {
        var cpu = "unknown";
        try
        {
            // /proc/cpuinfo repeats the model per core; the first line is enough.
            var line = File.Exists("/proc/cpuinfo")
                ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))
                : null;
            if (line is not null && line.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0)
            {
                cpu = line[(colon + 1)..].Trim();
            }
        }
        catch (IOException)
        {
            // A machine without /proc still gets its report, just without the model.
        }

        return new MachineInfo(cpu, Environment.ProcessorCount, System.Runtime.InteropServices.RuntimeInformation.OSDescription, LoadAverageNow());
    }

    private static double? LoadAverageNow()
    {
        try
        {
            return File.Exists("/proc/loadavg")
                && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var load)
                ? load
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
