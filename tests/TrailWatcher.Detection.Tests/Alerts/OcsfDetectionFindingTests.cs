using System.Buffers;
using System.Text.Json;
using TrailWatcher.Detection.Alerts;

namespace TrailWatcher.Detection.Tests.Alerts;

public sealed class OcsfDetectionFindingTests
{
    private static readonly DateTimeOffset DetectedAt = new(2024, 1, 15, 10, 50, 0, 123, TimeSpan.Zero);

    [Fact]
    public void Write_SeedAlert_HasEveryRequiredAttributeWithTheRightTypeAndValue()
    {
        var finding = Write(SeedAlert());

        // Base event and Detection Finding: required.
        Assert.Equal(1, finding.GetProperty("activity_id").GetInt32());
        Assert.Equal(2, finding.GetProperty("category_uid").GetInt32());
        Assert.Equal(2004, finding.GetProperty("class_uid").GetInt32());
        Assert.Equal(200401, finding.GetProperty("type_uid").GetInt32());
        Assert.Equal(4, finding.GetProperty("severity_id").GetInt32());
        Assert.Equal(JsonValueKind.Number, finding.GetProperty("time").ValueKind);
        Assert.Equal(DetectedAt.ToUnixTimeMilliseconds(), finding.GetProperty("time").GetInt64());
        var metadata = finding.GetProperty("metadata");
        Assert.Equal("1.3.0", metadata.GetProperty("version").GetString());
        Assert.Equal("TrailWatcher", metadata.GetProperty("product").GetProperty("name").GetString());
        Assert.Equal("TrailWatcher", metadata.GetProperty("product").GetProperty("vendor_name").GetString());
        Assert.Equal("1.2.3", metadata.GetProperty("product").GetProperty("version").GetString());
        Assert.Equal("a1b2", metadata.GetProperty("uid").GetString());
        var info = finding.GetProperty("finding_info");
        Assert.Equal("a1b2", info.GetProperty("uid").GetString());
        Assert.Equal("S3 bucket server access logging turned off", info.GetProperty("title").GetString());
        Assert.Equal(JsonValueKind.String, info.GetProperty("desc").ValueKind);
        Assert.Equal(JsonValueKind.Array, info.GetProperty("types").ValueKind);
        var analytic = info.GetProperty("analytic");
        Assert.Equal("AWS.S3.DisableBucketLogging", analytic.GetProperty("uid").GetString());
        Assert.Equal(1, analytic.GetProperty("type_id").GetInt32());
        // Cloud profile: cloud.provider is required.
        var cloud = finding.GetProperty("cloud");
        Assert.Equal("AWS", cloud.GetProperty("provider").GetString());
        Assert.Equal("us-west-2", cloud.GetProperty("region").GetString());
        Assert.Equal("111111111111", cloud.GetProperty("account").GetProperty("uid").GetString());

        // Recommended and mapped context.
        Assert.Equal(1, finding.GetProperty("status_id").GetInt32());
        Assert.Equal("High", finding.GetProperty("severity").GetString());
        Assert.True(finding.GetProperty("is_alert").GetBoolean());
        Assert.Equal(JsonValueKind.String, finding.GetProperty("message").ValueKind);
        Assert.Equal("arn:aws:sts::111111111111:assumed-role/AdminRole/alice", finding.GetProperty("actor").GetProperty("user").GetProperty("uid").GetString());
        Assert.Equal("alice", finding.GetProperty("actor").GetProperty("user").GetProperty("name").GetString());
        Assert.Equal("1.2.3.4", finding.GetProperty("src_endpoint").GetProperty("ip").GetString());
        Assert.Equal("PutBucketLogging", finding.GetProperty("api").GetProperty("operation").GetString());
        Assert.Equal("s3.amazonaws.com", finding.GetProperty("api").GetProperty("service").GetProperty("name").GetString());
        Assert.Equal("critical-data-bucket", finding.GetProperty("evidences")[0].GetProperty("data").GetProperty("bucket").GetString());
        Assert.Equal("critical-data-bucket", finding.GetProperty("unmapped").GetProperty("context").GetProperty("bucket").GetString());
        Assert.Equal(new DateTimeOffset(2024, 1, 15, 10, 45, 23, TimeSpan.Zero).ToUnixTimeMilliseconds(), info.GetProperty("first_seen_time").GetInt64());
    }

    [Fact]
    public void Write_Mitre_PairsTechniquesWithTacticsAndKeepsLeftoverTactics()
    {
        var attacks = Write(SeedAlert() with { Mitre = new MitreAttack(["TA0005", "TA0040", "TA0001"], ["T1562", "T1485"]) })
            .GetProperty("finding_info").GetProperty("attacks");

        Assert.Equal(3, attacks.GetArrayLength());
        Assert.Equal("T1562", attacks[0].GetProperty("technique").GetProperty("uid").GetString());
        Assert.Equal("TA0005", attacks[0].GetProperty("tactic").GetProperty("uid").GetString());
        Assert.Equal("TA0040", attacks[1].GetProperty("tactic").GetProperty("uid").GetString());
        Assert.Equal("TA0001", attacks[2].GetProperty("tactic").GetProperty("uid").GetString());
        Assert.False(attacks[2].TryGetProperty("technique", out _));
    }

    [Theory]
    [InlineData(Severity.Info, 1)]
    [InlineData(Severity.Low, 2)]
    [InlineData(Severity.Medium, 3)]
    [InlineData(Severity.High, 4)]
    [InlineData(Severity.Critical, 5)]
    public void SeverityId_EachSeverity_MapsToOcsf(Severity severity, int expected) =>
        Assert.Equal(expected, Write(SeedAlert() with { Severity = severity }).GetProperty("severity_id").GetInt32());

    [Fact]
    public void Write_ServiceCaller_PutsTheServiceNameInDomainNotIp()
    {
        var endpoint = Write(SeedAlert() with { SourceIp = "cloudtrail.amazonaws.com", Actor = null }).GetProperty("src_endpoint");

        Assert.Equal("cloudtrail.amazonaws.com", endpoint.GetProperty("domain").GetString());
        Assert.False(endpoint.TryGetProperty("ip", out _));
    }

    [Fact]
    public void Write_Update_IsAnUpdateActivityOfTheOriginalFindingWithCountAndSeenTimes()
    {
        var finding = Write(SeedAlert() with
        {
            Id = "u1",
            UpdateOf = "a1b2",
            Count = 3,
            FirstSeen = "2024-01-15T10:00:00Z",
            LastSeen = "2024-01-15T10:30:00Z",
            EventIds = ["e2", "e3"],
        });

        Assert.Equal(2, finding.GetProperty("activity_id").GetInt32());
        Assert.Equal("Update", finding.GetProperty("activity_name").GetString());
        Assert.Equal(200402, finding.GetProperty("type_uid").GetInt32());
        Assert.Equal(3, finding.GetProperty("count").GetInt32());
        Assert.Equal("u1", finding.GetProperty("metadata").GetProperty("uid").GetString());
        var info = finding.GetProperty("finding_info");
        Assert.Equal("a1b2", info.GetProperty("uid").GetString());
        Assert.Equal(DateTimeOffset.Parse("2024-01-15T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), info.GetProperty("first_seen_time").GetInt64());
        Assert.Equal(DateTimeOffset.Parse("2024-01-15T10:30:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), info.GetProperty("last_seen_time").GetInt64());
        Assert.Equal("update", finding.GetProperty("unmapped").GetProperty("kind").GetString());
        Assert.Equal(["e2", "e3"], finding.GetProperty("unmapped").GetProperty("event_ids").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Write_Signal_IsNotAnAlert()
    {
        var finding = Write(SeedAlert() with { Signal = true });

        Assert.False(finding.GetProperty("is_alert").GetBoolean());
        Assert.Equal(1, finding.GetProperty("activity_id").GetInt32());
    }

    [Fact]
    public void NativeJson_Update_RoundTripsThroughTheReader()
    {
        var update = SeedAlert() with { Id = "u1", UpdateOf = "a1b2", Count = 3, FirstSeen = "2024-01-15T10:00:00Z", LastSeen = "2024-01-15T10:30:00Z", EventIds = ["e2", "e3"] };

        var json = AlertJson.ToUtf8(update);
        var read = AlertJsonReader.Read(json);

        Assert.Equal(System.Text.Encoding.UTF8.GetString(json), System.Text.Encoding.UTF8.GetString(AlertJson.ToUtf8(read)));
        Assert.Equal(AlertKind.Update, read.Kind);
        using var document = JsonDocument.Parse(json);
        Assert.Equal("update", document.RootElement.GetProperty("kind").GetString());
        Assert.Equal("a1b2", document.RootElement.GetProperty("alert_id").GetString());
        Assert.Equal(AlertJson.Schema, document.RootElement.GetProperty("schema").GetString());
    }

    private static JsonElement Write(Alert alert)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = AlertJson.CreateWriter(buffer))
        {
            OcsfDetectionFinding.Write(writer, alert, "1.2.3");
        }

        return JsonDocument.Parse(buffer.WrittenMemory).RootElement.Clone();
    }

    private static Alert SeedAlert() => new()
    {
        Id = "a1b2",
        RuleId = "AWS.S3.DisableBucketLogging",
        Title = "S3 bucket server access logging turned off",
        Severity = Severity.High,
        RiskScore = 47,
        EventId = "e1",
        EventName = "PutBucketLogging",
        EventSource = "s3.amazonaws.com",
        EventTime = "2024-01-15T10:45:23Z",
        AccountId = "111111111111",
        Region = "us-west-2",
        Actor = "arn:aws:sts::111111111111:assumed-role/AdminRole/alice",
        SourceIp = "1.2.3.4",
        UserAgent = "aws-cli/2.13.0",
        Context = [new("bucket", JsonDocument.Parse("\"critical-data-bucket\"").RootElement)],
        Mitre = new MitreAttack(["TA0005"], ["T1562.008"]),
        References = ["https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html"],
        Source = "s3://trail/log.json.gz",
        DetectedAt = DetectedAt,
    };
}
