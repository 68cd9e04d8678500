using System.Security.Cryptography;
using System.Text.Json.Nodes;
using TrailWatcher.Detection.Integrity;

namespace TrailWatcher.Detection.Tests.Integrity;

public sealed class TrailVerifierTests : IDisposable
{
    private static readonly DateTimeOffset Hour = new(2024, 1, 15, 10, 1, 31, TimeSpan.Zero);
    private readonly SignedTrail _trail = new("trail-bucket");
    private readonly List<string> _logs = [];

    public TrailVerifierTests()
    {
        // Three hours of a trail: a starting digest, then two that chain to it, two log files each.
        for (var hour = 0; hour < 3; hour++)
        {
            var end = Hour.AddHours(hour);
            var logs = new[] { _trail.AddLog(end.AddMinutes(-40), Event("RunInstances")), _trail.AddLog(end.AddMinutes(-10), Event("StopLogging")) };
            _logs.AddRange(logs);
            _trail.AddDigest(end, logs);
        }
    }

    [Fact]
    public async Task Verify_UntouchedTrail_FindsNothingAndCountsWhatItChecked()
    {
        var report = await MemoryTrailStore.VerifyAsync(_trail);

        Assert.Empty(report.Findings);
        Assert.True(report.Verified);
        Assert.Equal(3, report.Digests);
        Assert.Equal(6, report.LogFiles);
    }

    [Fact]
    public async Task Verify_LogFileChangedAfterDelivery_ReportsHashMismatchNamingTheFile()
    {
        _trail.ReplaceLog(_logs[3], Event("ConsoleLogin"));

        var report = await MemoryTrailStore.VerifyAsync(_trail);

        var finding = Assert.Single(report.Findings);
        Assert.Equal(IntegrityFindingKind.LogFileHashMismatch, finding.Kind);
        Assert.Equal($"s3://trail-bucket/{_logs[3]}", finding.Subject);
        Assert.Contains(_trail.DigestKeys[1], finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_LogFileDeleted_ReportsItMissing()
    {
        _trail.Objects.Remove(_logs[0]);

        var report = await MemoryTrailStore.VerifyAsync(_trail);

        var finding = Assert.Single(report.Findings);
        Assert.Equal(IntegrityFindingKind.LogFileMissing, finding.Kind);
        Assert.Equal($"s3://trail-bucket/{_logs[0]}", finding.Subject);
    }

    [Fact]
    public async Task Verify_MiddleDigestRemoved_ReportsThatDigestMissingFromTheChain()
    {
        _trail.Objects.Remove(_trail.DigestKeys[1]);

        var report = await MemoryTrailStore.VerifyAsync(_trail);

        var finding = Assert.Single(report.Findings);
        Assert.Equal(IntegrityFindingKind.DigestMissing, finding.Kind);
        Assert.Equal($"s3://trail-bucket/{_trail.DigestKeys[1]}", finding.Subject);
    }

    [Fact]
    public async Task Verify_DigestRewrittenAndSignedWithAnotherKey_ReportsSignatureInvalid()
    {
        using var forger = RSA.Create(2048);
        // A digest that leaves out one log file, signed by someone who does not hold CloudTrail's key.
        var forged = _trail.AddDigest(Hour.AddHours(3), [], signWith: forger);

        var report = await MemoryTrailStore.VerifyAsync(_trail);

        var finding = Assert.Single(report.Findings);
        Assert.Equal(IntegrityFindingKind.SignatureInvalid, finding.Kind);
        Assert.Equal($"s3://trail-bucket/{forged}", finding.Subject);
    }

    [Fact]
    public async Task Verify_DigestNamingAKeyNotInTheKeyFile_ReportsUnknownPublicKey()
    {
        using var forger = RSA.Create(2048);
        var forged = _trail.AddDigest(Hour.AddHours(3), [], edit: d => d["digestPublicKeyFingerprint"] = "00112233445566778899aabbccddeeff", signWith: forger);

        var report = await MemoryTrailStore.VerifyAsync(_trail);

        var finding = Assert.Single(report.Findings);
        Assert.Equal(IntegrityFindingKind.UnknownPublicKey, finding.Kind);
        Assert.Equal($"s3://trail-bucket/{forged}", finding.Subject);
    }

    [Fact]
    public async Task Verify_SignedDigestWithWrongPreviousSignature_ReportsChainBroken()
    {
        // Signed with the real key: the digest itself verifies, only its link to the one before is wrong.
        var next = _trail.AddDigest(Hour.AddHours(3), [], edit: d => d["previousDigestSignature"] = new string('a', 512));

        var report = await MemoryTrailStore.VerifyAsync(_trail);

        var finding = Assert.Single(report.Findings);
        Assert.Equal(IntegrityFindingKind.ChainBroken, finding.Kind);
        Assert.Equal($"s3://trail-bucket/{next}", finding.Subject);
        Assert.Contains("previousDigestSignature", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_SignedDigestWithWrongPreviousHash_ReportsChainBroken()
    {
        var next = _trail.AddDigest(Hour.AddHours(3), [], edit: d => d["previousDigestHashValue"] = new string('0', 64));

        var report = await MemoryTrailStore.VerifyAsync(_trail);

        var finding = Assert.Single(report.Findings);
        Assert.Equal(IntegrityFindingKind.ChainBroken, finding.Kind);
        Assert.Equal($"s3://trail-bucket/{next}", finding.Subject);
        Assert.Contains("previousDigestHashValue", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_PreviousSignatureEditedInTheStoredDigest_ReportsSignatureInvalidAndChainBroken()
    {
        var key = _trail.DigestKeys[2];
        var json = JsonNode.Parse(SignedTrail.Gunzip(_trail.Objects[key].Content))!.AsObject();
        json["previousDigestSignature"] = new string('b', 512);
        _trail.Objects[key] = _trail.Objects[key] with { Content = SignedTrail.Gzip(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString())) };

        var report = await MemoryTrailStore.VerifyAsync(_trail);

        Assert.Equal(
            [IntegrityFindingKind.SignatureInvalid, IntegrityFindingKind.ChainBroken],
            report.Findings.Select(f => f.Kind).Order().ToArray());
        Assert.All(report.Findings, f => Assert.Equal($"s3://trail-bucket/{key}", f.Subject));
    }

    [Fact]
    public async Task Verify_DigestWithoutSignatureMetadata_ReportsSignatureInvalid()
    {
        var key = _trail.DigestKeys[0];
        _trail.Objects[key] = _trail.Objects[key] with { Signature = null };

        var report = await MemoryTrailStore.VerifyAsync(_trail);

        // The finding is the signature's; its successor's link to it has no signature to compare and is not a second one.
        Assert.Contains(report.Findings, f => f.Kind == IntegrityFindingKind.SignatureInvalid && f.Detail.Contains("x-amz-meta-signature", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_DigestCopiedToAnotherKey_ReportsItMisplaced()
    {
        var copy = _trail.DigestKeys[0].Replace("20240115T100131Z", "20240115T100132Z", StringComparison.Ordinal);
        _trail.Objects[copy] = _trail.Objects[_trail.DigestKeys[0]];

        var report = await MemoryTrailStore.VerifyAsync(_trail);

        Assert.Contains(report.Findings, f => f.Kind == IntegrityFindingKind.DigestMisplaced && f.Subject == $"s3://trail-bucket/{copy}");
    }

    [Fact]
    public async Task Verify_BackfillDigest_IsVerifiedBesideTheChainWithoutBreakingIt()
    {
        var late = _trail.AddLog(Hour.AddMinutes(-30), Event("DeleteTrail"));
        _trail.AddDigest(Hour.AddHours(1).AddMinutes(5), [late], backfill: true);
        _trail.AddDigest(Hour.AddHours(3), []);

        var report = await MemoryTrailStore.VerifyAsync(_trail);

        Assert.Empty(report.Findings);
        Assert.Equal(1, report.BackfillDigests);
        Assert.Equal(7, report.LogFiles);
    }

    [Fact]
    public async Task Verify_ChangedLogListedInBackfillDigest_ReportsHashMismatch()
    {
        var late = _trail.AddLog(Hour.AddMinutes(-30), Event("DeleteTrail"));
        _trail.AddDigest(Hour.AddHours(1).AddMinutes(5), [late], backfill: true);
        _trail.ReplaceLog(late, Event("DescribeTrails"));

        var report = await MemoryTrailStore.VerifyAsync(_trail);

        Assert.Equal(IntegrityFindingKind.LogFileHashMismatch, Assert.Single(report.Findings).Kind);
    }

    [Fact]
    public async Task Verify_DigestThatIsNotJson_ReportsMalformedDigestAndGoesOn()
    {
        var key = _trail.DigestKeys[2];
        _trail.Objects[key] = _trail.Objects[key] with { Content = SignedTrail.Gzip("{\"awsAccountId\":"u8.ToArray()) };
        _trail.ReplaceLog(_logs[0], Event("ConsoleLogin"));

        var report = await MemoryTrailStore.VerifyAsync(_trail);

        Assert.Contains(report.Findings, f => f.Kind == IntegrityFindingKind.MalformedDigest && f.Subject == $"s3://trail-bucket/{key}");
        Assert.Contains(report.Findings, f => f.Kind == IntegrityFindingKind.LogFileHashMismatch);
    }

    [Fact]
    public async Task Verify_OrganizationTrailInPkcs1KeyFile_Verifies()
    {
        using var org = new SignedTrail("org-bucket", organizationId: "o-abc123def4");
        var log = org.AddLog(Hour.AddMinutes(-20), Event("CreateUser"));
        org.AddDigest(Hour, [log]);
        org.AddDigest(Hour.AddHours(1), []);
        // ListPublicKeys documents the bare PKCS#1 RSAPublicKey form; its samples also show SubjectPublicKeyInfo.
        var keyFile = org.PublicKeyFile().Replace(Convert.ToBase64String(org.Key.ExportSubjectPublicKeyInfo()), Convert.ToBase64String(org.Key.ExportRSAPublicKey()), StringComparison.Ordinal);

        var report = await MemoryTrailStore.VerifyAsync(org, keyFile);

        Assert.Empty(report.Findings);
        Assert.Equal(2, report.Digests);
        Assert.StartsWith("AWSLogs/o-abc123def4/111122223333/CloudTrail-Digest/", org.DigestKeys[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ProblemsInSeveralDigests_TellsEachOnceInTheReportsOrder()
    {
        _trail.ReplaceLog(_logs[0], Event("ConsoleLogin"));
        _trail.Objects.Remove(_logs[5]);
        _trail.Objects.Remove(_trail.DigestKeys[1]);
        var told = new List<IntegrityFinding>();
        var keys = TrailPublicKeySet.Parse(_trail.PublicKeyFile(), "keys.json");
        var digests = _trail.Objects.Keys.Select(DigestObjectKey.TryParse).OfType<DigestObjectKey>().ToList();

        var report = await new TrailVerifier(new MemoryTrailStore(_trail), keys).VerifyAsync(_trail.Bucket, digests, told.Add);

        Assert.Equal(3, report.Findings.Count);
        Assert.Equal(report.Findings, told);
    }

    public void Dispose() => _trail.Dispose();

    private static JsonObject Event(string name) => new()
    {
        ["eventVersion"] = "1.08",
        ["eventSource"] = "ec2.amazonaws.com",
        ["eventName"] = name,
        ["eventTime"] = "2024-01-15T09:30:00Z",
        ["eventID"] = Guid.NewGuid().ToString(),
    };
}
