using TrailWatcher.Detection.Integrity;
using TrailWatcher.Detection.Reading;

namespace TrailWatcher.Integrity;

/// <summary>A copy of a trail on disk, as <c>aws s3 sync</c> writes it: its digests and log files, and the way between S3 keys and paths.</summary>
/// <remarks>
/// A digest names its bucket and key; the copy only keeps the part from <c>AWSLogs/</c> on. The first digest that
/// parses tells the bucket and the key prefix, so the verifier sees the same keys the digests list. A copy keeps no
/// S3 metadata, so every object reads without a signature.
/// </remarks>
internal sealed class LocalTrail : ITrailObjectStore
{
    private const string Folder = "AWSLogs/";
    private readonly string _root;

    private LocalTrail(string root, string bucket, string keyPrefix, IReadOnlyList<DigestObjectKey> digests, IReadOnlyList<string> logFiles)
    {
        _root = root;
        Bucket = bucket;
        KeyPrefix = keyPrefix;
        Digests = digests;
        LogFiles = logFiles;
    }

    /// <summary>The bucket the digests say they were written to.</summary>
    public string Bucket { get; }

    /// <summary>The key prefix before <c>AWSLogs/</c> in that bucket.</summary>
    public string KeyPrefix { get; }

    /// <summary>The digests the filter admits, with their S3 keys.</summary>
    public IReadOnlyList<DigestObjectKey> Digests { get; }

    /// <summary>Every log file's path under <c>AWSLogs/…/CloudTrail/</c>.</summary>
    public IReadOnlyList<string> LogFiles { get; }

    /// <summary>Finds the digests and log files under <paramref name="directory"/>.</summary>
    public static LocalTrail Open(string directory, Func<DigestObjectKey, bool> admits)
    {
        var files = Directory.EnumerateFiles(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System })
            .Select(Path.GetFullPath)
            .Where(p => Relative(p) is not null)
            .Order(StringComparer.Ordinal)
            .ToList();
        var digestPaths = files.Where(p => DigestObjectKey.TryParse(Relative(p)!) is not null).ToList();
        var root = digestPaths.Count > 0 ? RootOf(digestPaths[0]) : RootOf(files.FirstOrDefault() ?? Path.Combine(Path.GetFullPath(directory), "AWSLogs", "x"));
        var (bucket, prefix) = Origin(digestPaths);
        var digests = digestPaths
            .Where(p => string.Equals(RootOf(p), root, StringComparison.Ordinal))
            .Select(p => DigestObjectKey.TryParse(prefix + Relative(p)))
            .OfType<DigestObjectKey>()
            .Where(admits)
            .ToList();
        var logs = files.Where(p => string.Equals(RootOf(p), root, StringComparison.Ordinal) && LogObjectClassifier.Classify(p) == LogObjectKind.CloudTrailLog && Relative(p)!.Contains("/CloudTrail/", StringComparison.Ordinal)).ToList();
        return new LocalTrail(root, bucket, prefix, digests, logs);
    }

    /// <summary>The local file of an S3 key (a digest's or one it lists).</summary>
    public string PathOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var at = key.IndexOf(Folder, StringComparison.Ordinal);
        return Path.Combine(_root, (at < 0 ? key : key[at..]).Replace('/', Path.DirectorySeparatorChar));
    }

    /// <summary>The S3 location a local log file stands for.</summary>
    public string LocationOf(string path) => $"s3://{Bucket}/{KeyPrefix}{Relative(path)}";

    /// <summary>A finding's subject (s3://bucket/key) as the local path it concerns, when it is one of this copy's.</summary>
    public string LocalSubject(string subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var head = $"s3://{Bucket}/";
        return subject.StartsWith(head, StringComparison.Ordinal) ? PathOf(subject[head.Length..]) : subject;
    }

    public Task<StoredObject?> OpenAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
        {
            return Task.FromResult<StoredObject?>(null);
        }

        try
        {
            return Task.FromResult<StoredObject?>(new StoredObject(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 81920, FileOptions.SequentialScan), null));
        }
        catch (FileNotFoundException)
        {
            return Task.FromResult<StoredObject?>(null);
        }
        catch (DirectoryNotFoundException)
        {
            return Task.FromResult<StoredObject?>(null);
        }
    }

    // The part of a path from AWSLogs/ on, '/'-separated; null outside one.
    private static string? Relative(string path)
    {
        var normal = path.Replace('\\', '/');
        var at = normal.LastIndexOf("/" + Folder, StringComparison.Ordinal);
        return at < 0 ? null : normal[(at + 1)..];
    }

    private static string RootOf(string path)
    {
        var normal = path.Replace('\\', '/');
        return normal[..(normal.LastIndexOf("/" + Folder, StringComparison.Ordinal) + 1)];
    }

    private static (string Bucket, string Prefix) Origin(IEnumerable<string> digestPaths)
    {
        foreach (var path in digestPaths)
        {
            try
            {
                using var stream = LogStreams.OpenDecompressed(File.OpenRead(path));
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                var digest = DigestFileParser.Parse(buffer.ToArray(), path);
                var relative = Relative(path)!;
                if (digest.Key.EndsWith(relative, StringComparison.Ordinal))
                {
                    return (digest.Bucket, digest.Key[..^relative.Length]);
                }
            }
            catch (Exception ex) when (ex is DigestFormatException or InvalidDataException or IOException)
            {
                // The verifier reports this digest; another one may still tell where the trail lives.
            }
        }

        return ("unknown-bucket", "");
    }
}
