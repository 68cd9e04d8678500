using TrailWatcher.Detection.Alerts;

namespace TrailWatcher.Sinks;

/// <summary>Appends alerts as JSON lines to a file, flushed to disk before a write counts as accepted.</summary>
internal sealed class FileAlertSink : IAlertSink, IAsyncDisposable
{
    private readonly JsonLinesAlertWriter _writer = new();
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly FileStream _file;

    public FileAlertSink(string path)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        // Several processes may append to one file: FileShare.ReadWrite and one write per batch keep lines whole.
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.Asynchronous);
        Path = path;
    }

    public string Name => "file";

    public string Path { get; }

    public async ValueTask WriteAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _writer.WriteAsync(_file, alerts, cancellationToken).ConfigureAwait(false);
            // Durable before the source is told it may acknowledge: a crash after this point loses nothing.
            _file.Flush(flushToDisk: true);
        }
        finally
        {
            _lock.Release();
        }
    }

    public ValueTask DisposeAsync() => _file.DisposeAsync();
}
