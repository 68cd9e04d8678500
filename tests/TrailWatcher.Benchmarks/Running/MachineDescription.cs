namespace TrailWatcher.Benchmarks.Running;

/// <summary>The machine a report was measured on, since figures only compare within one machine.</summary>
internal static class MachineDescription
{
    public static string Read()
    {
        var model = "unknown CPU";
        if (File.Exists("/proc/cpuinfo"))
        {
            model = File.ReadLines("/proc/cpuinfo")
                .FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?
                .Split(':', 2)[1].Trim() ?? model;
        }

        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30);
        return $"{model}, {Environment.ProcessorCount} cores, {memory} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
    }
}
