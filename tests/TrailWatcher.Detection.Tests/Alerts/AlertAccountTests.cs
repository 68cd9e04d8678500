using System.Buffers;
using System.Text;
using System.Text.Json;
using TrailWatcher.Detection.Accounts;
using TrailWatcher.Detection.Alerts;

namespace TrailWatcher.Detection.Tests.Alerts;

public sealed class AlertAccountTests
{
    private static readonly AccountInfo Payments = new("111111111111", "payments-prod", "prod", "team-payments");

    [Fact]
    public void NativeJson_AlertWithAccount_WritesTheAccountObjectAndReadsItBack()
    {
        var alert = SeedAlert() with { Account = Payments };

        var json = AlertJson.ToUtf8(alert);
        var read = AlertJsonReader.Read(json);

        using var document = JsonDocument.Parse(json);
        var account = document.RootElement.GetProperty("account");
        Assert.Equal("111111111111", account.GetProperty("id").GetString());
        Assert.Equal("payments-prod", account.GetProperty("name").GetString());
        Assert.Equal("prod", account.GetProperty("environment").GetString());
        Assert.Equal("team-payments", account.GetProperty("owner").GetString());
        Assert.Equal(Payments, read.Account);
        Assert.Equal(Encoding.UTF8.GetString(json), Encoding.UTF8.GetString(AlertJson.ToUtf8(read)));
    }

    [Fact]
    public void NativeJson_AccountWithoutOwner_WritesNullAndReadsNull()
    {
        var json = AlertJson.ToUtf8(SeedAlert() with { Account = Payments with { Owner = null } });

        using var document = JsonDocument.Parse(json);
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("account").GetProperty("owner").ValueKind);
        Assert.Null(AlertJsonReader.Read(json).Account!.Owner);
    }

    [Fact]
    public void NativeJson_AlertOfAnUnnamedAccount_HasNoAccountObject()
    {
        var json = AlertJson.ToUtf8(SeedAlert());

        using var document = JsonDocument.Parse(json);
        Assert.False(document.RootElement.TryGetProperty("account", out _));
        Assert.Equal("111111111111", document.RootElement.GetProperty("account_id").GetString());
        Assert.Null(AlertJsonReader.Read(json).Account);
    }

    [Fact]
    public void Ocsf_AlertWithAccount_NamesTheCloudAccountAndLabelsEnvironmentAndOwner()
    {
        var account = Ocsf(SeedAlert() with { Account = Payments }).GetProperty("cloud").GetProperty("account");

        Assert.Equal("111111111111", account.GetProperty("uid").GetString());
        Assert.Equal("payments-prod", account.GetProperty("name").GetString());
        Assert.Equal(["environment:prod", "owner:team-payments"], account.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
    }

    [Fact]
    public void Ocsf_AlertOfAnUnnamedAccount_HasOnlyTheAccountUid()
    {
        var account = Ocsf(SeedAlert()).GetProperty("cloud").GetProperty("account");

        Assert.False(account.TryGetProperty("name", out _));
        Assert.False(account.TryGetProperty("labels", out _));
    }

    private static JsonElement Ocsf(Alert alert)
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
        EventId = "e1",
        AccountId = "111111111111",
        Region = "us-west-2",
        Source = "s3://trail/log.json.gz",
        DetectedAt = new DateTimeOffset(2024, 1, 15, 10, 50, 0, TimeSpan.Zero),
    };
}
