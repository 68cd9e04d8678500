using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace TrailWatcher.Benchmarks.Running;

/// <summary>One child process run to exit: wall time from spawn, and CPU time and peak memory from the kernel's accounting when GNU time is installed.</summary>
internal sealed record MeasuredProcess(int ExitCode, double WallSeconds, double? CpuSeconds, double? PeakRssMegabytes, string Stderr, string Pinning)
{
    private const string GnuTime = "/usr/bin/time";

    /// <summary>
    /// Runs <paramref name="command"/> pinned to the first <paramref name="cores"/> cores (one when 0), handing each stdout line to
    /// <paramref name="onLine"/>. Wall time is taken here; CPU and peak RSS come from <c>/usr/bin/time</c>, which reads them from
    /// the kernel after the child is reaped, so they count the child alone and not this process.
    /// </summary>
    public static MeasuredProcess Run(IReadOnlyList<string> command, int cores, IReadOnlyDictionary<string, string>? environment, Action<string>? onLine)
    {
        var prefix = new List<string>();
        var pinning = "unpinned";
        if (OperatingSystem.IsLinux() && File.Exists("/usr/bin/taskset"))
        {
            pinning = cores <= 1 ? "0" : string.Create(CultureInfo.InvariantCulture, $"0-{cores - 1}");
            prefix.AddRange(["/usr/bin/taskset", "-c", pinning]);
            pinning = "taskset -c " + pinning;
        }

        string? usageFile = null;
        if (File.Exists(GnuTime))
        {
            usageFile = Path.Combine(Path.GetTempPath(), $"trailwatcher-bench-{Guid.NewGuid():N}.time");
            // Outside taskset, so the pinning applies to the measured command and time's own start costs nothing on its core.
            prefix.InsertRange(0, [GnuTime, "-f", "%U %S %M", "-o", usageFile]);
        }

        var all = prefix.Concat(command).ToList();
        var start = new ProcessStartInfo(all[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in all.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var stderr = new StringBuilder();
        var gate = new Lock();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line && onLine is not null)
            {
                lock (gate)
                {
                    onLine(line);
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (gate)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };

        var watch = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        watch.Stop();

        var (cpu, rss) = ReadUsage(usageFile);
        return new MeasuredProcess(process.ExitCode, watch.Elapsed.TotalSeconds, cpu, rss, stderr.ToString(), pinning);
    }

    private static (double? Cpu, double? RssMegabytes) ReadUsage(string? usageFile)
    {
        if (usageFile is null || !File.Exists(usageFile))
        {
            return (null, null);
        }

        try
        {
            // time writes "Command exited with non-zero status N" first when the child failed; the figures are the last line.
            var last = File.ReadAllLines(usageFile).LastOrDefault(l => l.Trim().Length > 0)?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (last is not { Length: 3 }
                || !double.TryParse(last[0], CultureInfo.InvariantCulture, out var user)
                || !double.TryParse(last[1], CultureInfo.InvariantCulture, out var system)
                || !long.TryParse(last[2], CultureInfo.InvariantCulture, out var kilobytes))
            {
                return (null, null);
            }

            return (user + system, kilobytes * 1024 / 1e6);
        }
        finally
        {
            File.Delete(usageFile);
        }
    }
}
