using System.Security.Cryptography;
using System.Text.Json.Nodes;
using TrailWatcher.Detection.Integrity;

namespace TrailWatcher.Detection.Tests.Integrity;

/// <summary>A trail read from a copy that kept no S3 metadata: no signatures, so no keys; hashes and links are still checked.</summary>
public sealed class TrailVerifierWithoutKeysTests : IDisposable
{
    private static readonly DateTimeOffset Hour = new(2024, 1, 15, 10, 1, 31, TimeSpan.Zero);
    private readonly SignedTrail _trail = new("trail-bucket");
    private readonly List<string> _logs = [];

    public TrailVerifierWithoutKeysTests()
    {
        for (var hour = 0; hour < 3; hour++)
        {
            var end = Hour.AddHours(hour);
            var logs = new[] { _trail.AddLog(end.AddMinutes(-40), Event("RunInstances")), _trail.AddLog(end.AddMinutes(-10), Event("StopLogging")) };
            _logs.AddRange(logs);
            _trail.AddDigest(end, logs);
        }
    }

    public void Dispose() => _trail.Dispose();

    [Fact]
    public async Task Verify_NoKeysNoSignatures_FindsNothingOnAnUntouchedTrailAndStillHashesEveryLogFile()
    {
        var report = await VerifyAsync();

        Assert.Empty(report.Findings);
        Assert.Equal(6, report.LogFiles);
    }

    [Fact]
    public async Task Verify_NoKeysDigestSignedByAForger_ItsLogFilesAreStillChecked()
    {
        using var forger = RSA.Create(2048);
        _trail.AddDigest(Hour.AddHours(3), [_logs[0]], signWith: forger);
        _trail.ReplaceLog(_logs[0], Event("DeleteTrail"));

        var report = await VerifyAsync();

        // Without signatures the forged digest cannot be told apart; what it lists is checked like any other.
        Assert.All(report.Findings, f => Assert.Equal(IntegrityFindingKind.LogFileHashMismatch, f.Kind));
        Assert.Equal(2, report.Findings.Count);
    }

    [Fact]
    public async Task Verify_NoKeysWrongPreviousHash_StillReportsChainBroken()
    {
        _trail.AddDigest(Hour.AddHours(3), [], edit: d => d["previousDigestHashValue"] = new string('0', 64));

        var report = await VerifyAsync();

        var finding = Assert.Single(report.Findings);
        Assert.Equal(IntegrityFindingKind.ChainBroken, finding.Kind);
        Assert.Contains("previousDigestHashValue", finding.Detail, StringComparison.Ordinal);
    }

    private Task<TrailReport> VerifyAsync()
    {
        var digests = _trail.Objects.Keys.Select(DigestObjectKey.TryParse).OfType<DigestObjectKey>().ToList();
        return new TrailVerifier(new UnsignedStore(new MemoryTrailStore(_trail)), null).VerifyAsync(_trail.Bucket, digests);
    }

    private static JsonObject Event(string name) => new() { ["eventSource"] = "ec2.amazonaws.com", ["eventName"] = name, ["eventID"] = Guid.NewGuid().ToString() };

    private sealed class UnsignedStore(ITrailObjectStore inner) : ITrailObjectStore
    {
        public async Task<StoredObject?> OpenAsync(string bucket, string key, CancellationToken cancellationToken) =>
            await inner.OpenAsync(bucket, key, cancellationToken).ConfigureAwait(false) is { } found ? found with { Signature = null } : null;
    }
}
