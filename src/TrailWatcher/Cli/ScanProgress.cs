using System.Diagnostics;
using System.Globalization;
using TrailWatcher.Telemetry;

namespace TrailWatcher.Cli;

/// <summary>A one-line progress display on standard error, with an estimate of the time left, shown only when it is a terminal.</summary>
internal sealed class ScanProgress : IDisposable
{
    private readonly RunningTotals _statistics;
    private readonly int _files;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Timer _timer;
    private int _disposed;

    public ScanProgress(RunningTotals statistics, int files)
    {
        _statistics = statistics;
        _files = files;
        _timer = new Timer(_ => Draw(), null, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(250));
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _timer.Dispose();
            Console.Error.Write("\r\e[2K");
        }
    }

    /// <summary>The time left at the pace so far, as h:mm:ss; "?" until the first file is done.</summary>
    internal static string Remaining(long done, long total, TimeSpan elapsed)
    {
        if (done <= 0 || total <= done)
        {
            return done <= 0 ? "?" : "0:00:00";
        }

        var left = TimeSpan.FromSeconds(Math.Ceiling(elapsed.TotalSeconds * (total - done) / done));
        return string.Create(CultureInfo.InvariantCulture, $"{(int)left.TotalHours}:{left.Minutes:D2}:{left.Seconds:D2}");
    }

    private void Draw()
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            var done = _statistics.Objects;
            Console.Error.Write(string.Create(CultureInfo.InvariantCulture, $"\r\e[2K{done}/{_files} files, {_statistics.Records:N0} records, {_statistics.Alerts:N0} alerts, ETA {Remaining(done, _files, _clock.Elapsed)}"));
        }
    }
}
