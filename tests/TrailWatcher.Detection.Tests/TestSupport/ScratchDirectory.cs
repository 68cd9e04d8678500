namespace TrailWatcher.Detection.Tests.TestSupport;

/// <summary>A directory of a test's own under the system's temporary folder, deleted with its contents when disposed.</summary>
internal sealed class ScratchDirectory : IDisposable
{
    private ScratchDirectory(string fullName) => FullName = fullName;

    /// <summary>The directory's full path.</summary>
    public string FullName { get; }

    /// <summary>A new, empty directory whose name starts with <paramref name="prefix"/>.</summary>
    public static ScratchDirectory Create(string prefix) => new(Directory.CreateTempSubdirectory(prefix).FullName);

    /// <summary>Writes a file at a path relative to the directory, making its folders, and returns its full path.</summary>
    public string Write(string relativePath, string text)
    {
        var path = Path.Combine(FullName, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(FullName, recursive: true);
}
