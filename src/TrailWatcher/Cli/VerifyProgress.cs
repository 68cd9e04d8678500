using System.Globalization;
using System.Diagnostics;

namespace TrailWatcher.Cli;

/// <summary>A one-line progress display of <c>verify</c> on standard error (digests read, log files hashed, problems, time left), only on a terminal.</summary>
internal sealed class VerifyProgress : IDisposable
{
    private readonly int _digests;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Timer _timer;
    private long _digestsRead;
    private long _logFiles;
    private long _problems;
    private int _disposed;

    public VerifyProgress(int digests)
    {
        _digests = digests;
        _timer = new Timer(_ => Draw(), null, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(250));
    }

    public void DigestRead() => Interlocked.Increment(ref _digestsRead);

    public void LogFileRead() => Interlocked.Increment(ref _logFiles);

    public void Problem() => Interlocked.Increment(ref _problems);

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
            var done = Interlocked.Read(ref _digestsRead);
            Console.Error.Write(string.Create(CultureInfo.InvariantCulture, $"\r\e[2K{done}/{_digests} digests, {Interlocked.Read(ref _logFiles):N0} log files, {Interlocked.Read(ref _problems)} problems, ETA {ScanProgress.Remaining(done, _digests, _clock.Elapsed)}"));
        }
    }
}
