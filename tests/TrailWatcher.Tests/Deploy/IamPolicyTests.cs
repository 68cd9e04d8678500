using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;
using static TrailWatcher.Tests.Deploy.DeployFiles;

namespace TrailWatcher.Tests.Deploy;

public sealed class IamPolicyTests
{
    private static readonly string[] Required =
    [
        "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes",
        "s3:GetObject", "kms:Decrypt",
        "s3:ListBucket", "cloudtrail:ListPublicKeys",
    ];

    // The later SQS alert sink; allowed, not required.
    private const string Optional = "sqs:SendMessage";

    private static JsonDocument Policy() => JsonDocument.Parse(Text(DeployPath("iam", "trailwatcher-worker-policy.json")));

    [Fact]
    public void Policy_Actions_AreExactlyTheWorkersWithoutWildcards()
    {
        using var policy = Policy();
        Assert.Equal("2012-10-17", policy.RootElement.GetProperty("Version").GetString());
        var statements = policy.RootElement.GetProperty("Statement").EnumerateArray().ToList();
        Assert.All(statements, s => Assert.Equal("Allow", s.GetProperty("Effect").GetString()));
        Assert.All(statements, s => Assert.False(s.TryGetProperty("NotAction", out _) || s.TryGetProperty("NotResource", out _), "NotAction/NotResource widen a policy"));

        var actions = statements.SelectMany(s => Strings(s.GetProperty("Action"))).ToList();
        Assert.All(actions, a => Assert.DoesNotContain("*", a, StringComparison.Ordinal));
        Assert.All(actions, a => Assert.Contains(a, Required.Append(Optional)));
        Assert.All(Required, r => Assert.Contains(r, actions));
        // ListPublicKeys has no resource ARN; nothing else may ride on its "*".
        var unscoped = Assert.Single(statements, s => Strings(s.GetProperty("Resource")).Contains("*"));
        Assert.Equal(["cloudtrail:ListPublicKeys"], Strings(unscoped.GetProperty("Action")));
    }

    [Fact]
    public void Policy_ListBucket_IsOnTheTrailBucketUnderAwsLogsOnly()
    {
        using var policy = Policy();
        var statements = policy.RootElement.GetProperty("Statement").EnumerateArray().ToList();
        var list = Assert.Single(statements, s => Strings(s.GetProperty("Action")).Contains("s3:ListBucket"));
        Assert.Equal(["s3:ListBucket"], Strings(list.GetProperty("Action")));
        // ListBucket applies to the bucket ARN itself; an object ARN would grant nothing.
        Assert.All(Strings(list.GetProperty("Resource")), r => Assert.Matches("^arn:aws:s3:::[^/*]+$", r));
        var prefixes = Strings(list.GetProperty("Condition").GetProperty("StringLike").GetProperty("s3:prefix"));
        Assert.NotEmpty(prefixes);
        Assert.All(prefixes, p => Assert.EndsWith("AWSLogs/*", p, StringComparison.Ordinal));
    }

    [Fact]
    public void Policy_ListPublicKeys_StandsAlone()
    {
        using var policy = Policy();
        var statements = policy.RootElement.GetProperty("Statement").EnumerateArray().ToList();
        var keys = Assert.Single(statements, s => Strings(s.GetProperty("Action")).Contains("cloudtrail:ListPublicKeys"));
        Assert.Equal(["cloudtrail:ListPublicKeys"], Strings(keys.GetProperty("Action")));
        Assert.Equal(["*"], Strings(keys.GetProperty("Resource")));
    }

    [Fact]
    public void Policy_Statements_AreScopedToLogsQueuesAndS3Decryption()
    {
        using var policy = Policy();
        var statements = policy.RootElement.GetProperty("Statement").EnumerateArray().ToList();
        var s3 = Assert.Single(statements, s => Strings(s.GetProperty("Action")).Contains("s3:GetObject"));
        Assert.All(Strings(s3.GetProperty("Resource")), r => Assert.EndsWith("/AWSLogs/*", r, StringComparison.Ordinal));

        var kms = Assert.Single(statements, s => Strings(s.GetProperty("Action")).Contains("kms:Decrypt"));
        var viaService = kms.GetProperty("Condition").GetProperty("StringEquals").GetProperty("kms:ViaService").GetString();
        Assert.StartsWith("s3.", viaService, StringComparison.Ordinal);

        // ReceiveMessage/DeleteMessage/ChangeMessageVisibility on the source queue only, never on the DLQ.
        var consume = statements.Where(s => Strings(s.GetProperty("Action")).Contains("sqs:ReceiveMessage")).SelectMany(s => Strings(s.GetProperty("Resource")));
        Assert.All(consume, r => Assert.DoesNotContain("dlq", r, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(statements, s => Strings(s.GetProperty("Action")).SequenceEqual(["sqs:GetQueueAttributes"])
            && Strings(s.GetProperty("Resource")).Any(r => r.Contains("dlq", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void Policy_Terraform_GrantsTheSameActions()
    {
        var main = Text(DeployPath("terraform", "main.tf"));
        var start = main.IndexOf("data \"aws_iam_policy_document\" \"worker\"", StringComparison.Ordinal);
        Assert.True(start >= 0, "main.tf has no aws_iam_policy_document.worker");
        var block = TerraformTests.Block(main, start);
        var terraform = Regex.Matches(block, @"actions\s*=\s*\[([^\]]*)\]")
            .SelectMany(list => Regex.Matches(list.Groups[1].Value, "\"([^\"]+)\"").Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(terraform);

        using var policy = Policy();
        var json = policy.RootElement.GetProperty("Statement").EnumerateArray().SelectMany(s => Strings(s.GetProperty("Action"))).ToHashSet(StringComparer.Ordinal);
        json.Add(Optional);
        Assert.Equal(json.Order(StringComparer.Ordinal), terraform.Order(StringComparer.Ordinal));
    }

    private static List<string> Strings(JsonElement element) => element.ValueKind == JsonValueKind.Array
        ? [.. element.EnumerateArray().Select(e => e.GetString() ?? "")]
        : [element.GetString() ?? ""];
}
