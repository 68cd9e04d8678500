namespace TrailWatcher.Pipeline;

/// <summary>A CloudTrail log object to read: its display name (path or s3://bucket/key) and how to open its raw bytes.</summary>
internal sealed record LogObject(string Name, Func<CancellationToken, ValueTask<Stream>> OpenAsync)
{
    public static LogObject ForFile(string path) => new(
        path,
        _ => ValueTask.FromResult<Stream>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 128 * 1024, FileOptions.SequentialScan)));
}
