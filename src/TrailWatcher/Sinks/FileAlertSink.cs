using TrailWatcher.Detection.Alerts;

namespace TrailWatcher.Sinks;

/// <summary>Appends alerts as JSON lines to a file, flushed to disk before a write counts as accepted, rotated by size.</summary>
/// <remarks>
/// Rotation keeps lines whole: a batch is split between files only at line ends, and a single line longer than
/// MaxBytes gets a file of its own. Rotation assumes this process is the file's only writer.
/// </remarks>
internal sealed class FileAlertSink : IAlertSink, IAsyncDisposable
{
    private readonly JsonLinesAlertWriter _writer;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly List<int> _lineEnds = [];
    private readonly long _maxBytes;
    private readonly int _maxFiles;
    private FileStream _file;
    private long _length;

    public FileAlertSink(string path, long maxBytes = 0, int maxFiles = 5, AlertFormat format = AlertFormat.Native)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        Path = path;
        _maxBytes = maxBytes;
        _maxFiles = Math.Max(1, maxFiles);
        _writer = new JsonLinesAlertWriter(format);
        _file = Open(path);
        _length = _file.Length;
    }

    public FileAlertSink(FileSinkOptions options)
        : this(options.Path ?? throw new ArgumentException("TrailWatcher:Sinks:File:Path is not set", nameof(options)), options.MaxBytes, options.MaxFiles, options.Format)
    {
    }

    public string Name => "file";

    public string Path { get; }

    /// <summary>Times the file was rotated since start.</summary>
    public int Rotations { get; private set; }

    public async ValueTask WriteAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var data = _writer.Format(alerts, _lineEnds);
            var written = 0;
            var line = 0;
            while (written < data.Length)
            {
                var end = _maxBytes > 0 ? FitEnd(written, ref line) : data.Length;
                if (end == written)
                {
                    // Nothing more fits: start a new file. An empty file takes at least one line, however long.
                    if (_length > 0)
                    {
                        Rotate();
                        continue;
                    }

                    end = _lineEnds[line++];
                }

                await _file.WriteAsync(data[written..end], cancellationToken).ConfigureAwait(false);
                _length += end - written;
                written = end;
            }

            // Durable before the source is told it may acknowledge: a crash after this point loses nothing.
            _file.Flush(flushToDisk: true);
        }
        finally
        {
            _lock.Release();
        }
    }

    public ValueTask DisposeAsync() => _file.DisposeAsync();

    private static FileStream Open(string path) =>
        // FileShare.ReadWrite so tail -f and log shippers can read while we append.
        new(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.Asynchronous);

    // The end offset of the whole lines, from line index `line` on, that still fit in the current file.
    private int FitEnd(int start, ref int line)
    {
        var end = start;
        while (line < _lineEnds.Count && _length + (_lineEnds[line] - start) <= _maxBytes)
        {
            end = _lineEnds[line++];
        }

        return end;
    }

    // alerts.jsonl → .1, .1 → .2, …; the oldest beyond MaxFiles is dropped. The closed file is on disk before it moves.
    private void Rotate()
    {
        _file.Flush(flushToDisk: true);
        _file.Dispose();
        try
        {
            var oldest = $"{Path}.{_maxFiles}";
            if (File.Exists(oldest))
            {
                File.Delete(oldest);
            }

            for (var i = _maxFiles - 1; i >= 1; i--)
            {
                var from = $"{Path}.{i}";
                if (File.Exists(from))
                {
                    File.Move(from, $"{Path}.{i + 1}", overwrite: true);
                }
            }

            File.Move(Path, $"{Path}.1", overwrite: true);
        }
        finally
        {
            // Whatever happened, keep a live file: a failed rename is retried at the next write that does not fit.
            _file = Open(Path);
            _length = _file.Length;
        }

        Rotations++;
    }
}
