namespace TrailWatcher.Sources;

/// <summary>What identifies a version of a local file: its size and last write time (UTC).</summary>
internal readonly record struct FileSignature(long Length, DateTime WriteTimeUtc)
{
    public static FileSignature Of(FileInfo file) => new(file.Length, file.LastWriteTimeUtc);

    /// <summary>The file's signature, or default when it no longer exists.</summary>
    public static FileSignature Of(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? Of(file) : default;
    }
}
