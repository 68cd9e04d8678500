using System.Globalization;
using TrailWatcher.Telemetry;

namespace TrailWatcher.Cli;

/// <summary>A one-line progress display on standard error, shown only when it is a terminal.</summary>
internal sealed class ScanProgress : IDisposable
{
    private readonly RunningTotals _statistics;
    private readonly int _files;
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

    private void Draw()
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            Console.Error.Write(string.Create(CultureInfo.InvariantCulture, $"\r\e[2K{_statistics.Objects}/{_files} files, {_statistics.Records:N0} records, {_statistics.Alerts:N0} alerts"));
        }
    }
}
