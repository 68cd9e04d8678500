using System.Globalization;

namespace TrailWatcher.Benchmarks.Latency;

/// <summary>CPU seconds (user + system) a process has used so far, from /proc; how the burst's two cores were shared out.</summary>
internal static class CpuClock
{
    // USER_HZ: the unit of /proc's times. Fixed at 100 on Linux whatever the kernel's tick rate, and .NET has no sysconf.
    private const double TicksPerSecond = 100;

    /// <summary>CPU seconds of a running process; null when it is gone or /proc is not there.</summary>
    public static double? Of(int pid) => Fields(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/stat")) is { } f ? (f[11] + f[12]) / TicksPerSecond : null;

    /// <summary>CPU seconds of this process's children that have exited and been waited for: how a finished scan is measured.</summary>
    public static double? OfReapedChildren() => Fields("/proc/self/stat") is { } f ? (f[13] + f[14]) / TicksPerSecond : null;

    /// <summary>The numeric fields after the command name: index 0 is field 3 of proc(5) (state is skipped as 0).</summary>
    private static double[]? Fields(string path)
    {
        try
        {
            var text = File.ReadAllText(path);
            // The command name is in parentheses and may hold spaces; everything after the last ')' splits cleanly.
            var rest = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return [.. rest.Select(v => double.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0)];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
