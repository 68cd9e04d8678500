using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace TrailWatcher.Sources;

/// <summary>The directory source's record of files it finished, one JSON line per file, so a restart does not read them again.</summary>
/// <remarks>
/// A file counts as the same when its path (relative to the watched directory), size and write time match; a file
/// rewritten in place is read again. The record is appended after a file's alerts were delivered, so a crash in
/// between reads the file again (at least once, with the same alert ids). The log is compacted at start: entries of
/// files that are gone or changed are dropped. When it cannot be written (a read-only mount) the source carries on
/// with an in-memory record and says so once.
/// </remarks>
internal sealed partial class ProcessedFileLog : IDisposable
{
    private readonly Dictionary<string, FileSignature> _done;
    private readonly Lock _gate = new();
    private readonly ILogger _logger;
    private FileStream? _stream;

    private ProcessedFileLog(string? path, Dictionary<string, FileSignature> done, FileStream? stream, ILogger logger)
    {
        Path = path;
        _done = done;
        _stream = stream;
        _logger = logger;
    }

    /// <summary>The state file, or null when the record is kept in memory only.</summary>
    public string? Path { get; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _done.Count;
            }
        }
    }

    /// <summary>Loads and compacts the state file under <paramref name="directory"/>; <paramref name="stateFile"/> empty keeps the record in memory.</summary>
    public static ProcessedFileLog Open(string directory, string? stateFile, ILogger logger)
    {
        if (string.IsNullOrWhiteSpace(stateFile))
        {
            return new ProcessedFileLog(null, new(StringComparer.Ordinal), null, logger);
        }

        var path = System.IO.Path.GetFullPath(stateFile, directory);
        var done = new Dictionary<string, FileSignature>(StringComparer.Ordinal);
        try
        {
            if (File.Exists(path))
            {
                Load(path, done, logger);
            }

            foreach (var relative in done.Keys.ToList())
            {
                if (FileSignature.Of(System.IO.Path.Combine(directory, relative)) != done[relative])
                {
                    done.Remove(relative);
                }
            }

            var compacted = path + ".tmp";
            using (var writer = new FileStream(compacted, FileMode.Create, FileAccess.Write))
            {
                foreach (var (relative, signature) in done)
                {
                    writer.Write(Line(relative, signature));
                }
            }

            File.Move(compacted, path, overwrite: true);
            var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
            return new ProcessedFileLog(path, done, stream, logger);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogStateUnavailable(logger, path, ex.Message);
            return new ProcessedFileLog(null, done, null, logger);
        }
    }

    public bool Contains(string relativePath, FileSignature signature)
    {
        lock (_gate)
        {
            return _done.TryGetValue(relativePath, out var known) && known == signature;
        }
    }

    /// <summary>Remembers a finished file, on disk when the state file is writable.</summary>
    public void Record(string relativePath, FileSignature signature)
    {
        lock (_gate)
        {
            _done[relativePath] = signature;
            if (_stream is null)
            {
                return;
            }

            try
            {
                // Flushed to the kernel per file: a killed process loses nothing; only a power cut can, and then
                // the file is read again, which at-least-once allows.
                _stream.Write(Line(relativePath, signature));
                _stream.Flush();
            }
            catch (IOException ex)
            {
                LogStateUnavailable(_logger, Path!, ex.Message);
                _stream.Dispose();
                _stream = null;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stream?.Dispose();
            _stream = null;
        }
    }

    private static byte[] Line(string relativePath, FileSignature signature)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("path", relativePath);
            json.WriteNumber("length", signature.Length);
            json.WriteString("modified", signature.WriteTimeUtc.ToString("O", CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }

        System.Buffers.BuffersExtensions.Write(buffer, "\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    private static void Load(string path, Dictionary<string, FileSignature> done, ILogger logger)
    {
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                using var entry = JsonDocument.Parse(line);
                var root = entry.RootElement;
                var modified = DateTime.Parse(root.GetProperty("modified").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
                done[root.GetProperty("path").GetString()!] = new FileSignature(root.GetProperty("length").GetInt64(), modified.ToUniversalTime());
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentNullException)
            {
                // A line cut short by a crash, or an edit by hand: its file is read again, nothing worse.
                LogBadLine(logger, path, number);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Directory source state {Path} cannot be kept ({Reason}); files finished from now on are remembered until the service stops only")]
    private static partial void LogStateUnavailable(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path}:{Line}: not a processed-file entry; ignored (that file will be read again)")]
    private static partial void LogBadLine(ILogger logger, string path, int line);
}
