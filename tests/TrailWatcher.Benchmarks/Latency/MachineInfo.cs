namespace TrailWatcher.Benchmarks.Latency;

/// <summary>What the numbers were measured on: CPU model and logical cores, as the report prints them.</summary>
internal sealed record MachineInfo(string Cpu, int Cores, string Os)
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

        return new MachineInfo(cpu, Environment.ProcessorCount, System.Runtime.InteropServices.RuntimeInformation.OSDescription);
    }
}
