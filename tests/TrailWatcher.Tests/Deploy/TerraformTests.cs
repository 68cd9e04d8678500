using System.Text.RegularExpressions;
using Xunit;
using static TrailWatcher.Tests.Deploy.DeployFiles;

namespace TrailWatcher.Tests.Deploy;

public sealed class TerraformTests
{
    [Theory]
    [InlineData("main.tf")]
    [InlineData("variables.tf")]
    [InlineData("outputs.tf")]
    [InlineData("versions.tf")]
    public void Terraform_File_HasBalancedBracesBracketsAndQuotes(string file)
    {
        var code = Code(Text(DeployPath("terraform", file)));
        var stack = new Stack<char>();
        foreach (var c in code)
        {
            switch (c)
            {
                case '{' or '[' or '(':
                    stack.Push(c);
                    break;
                case '}' or ']' or ')':
                    Assert.True(stack.Count > 0, $"{file}: '{c}' closes nothing");
                    var open = stack.Pop();
                    Assert.True((open, c) is ('{', '}') or ('[', ']') or ('(', ')'), $"{file}: '{open}' closed by '{c}'");
                    break;
                default:
                    break;
            }
        }

        Assert.True(stack.Count == 0, $"{file}: {stack.Count} unclosed");
    }

    [Theory]
    [InlineData("resource \"aws_sqs_queue\" \"notifications\"")]
    [InlineData("resource \"aws_sqs_queue\" \"dlq\"")]
    [InlineData("redrive_policy")]
    [InlineData("maxReceiveCount     = var.max_receive_count")]
    [InlineData("sqs_managed_sse_enabled = true")]
    [InlineData("resource \"aws_sqs_queue_policy\"")]
    [InlineData("\"aws:SourceArn\"")]
    [InlineData("\"aws:SourceAccount\"")]
    [InlineData("resource \"aws_s3_bucket_notification\"")]
    [InlineData("\"s3:ObjectCreated:*\"")]
    [InlineData("filter_prefix = local.logs_prefix")]
    [InlineData("logs_prefix       = \"${var.trail_prefix}AWSLogs/\"")]
    [InlineData("filter_suffix = \".json.gz\"")]
    [InlineData("resource \"aws_iam_policy\" \"worker\"")]
    [InlineData("\"kms:ViaService\"")]
    [InlineData("for_each = var.kms_key_arn == null ? [] : [var.kms_key_arn]")]
    [InlineData("variable = \"s3:prefix\"")]
    [InlineData("values   = [\"${local.logs_prefix}*\"]")]
    [InlineData("resource \"aws_iam_role\" \"worker\"")]
    [InlineData("sts:AssumeRoleWithWebIdentity")]
    [InlineData("system:serviceaccount:${var.k8s_namespace}:${var.k8s_service_account}")]
    public void Terraform_Main_Declares(string text)
    {
        Assert.Contains(text, Text(DeployPath("terraform", "main.tf")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("queue_url")]
    [InlineData("dlq_url")]
    [InlineData("policy_arn")]
    [InlineData("role_arn")]
    public void Terraform_Outputs_Declare(string output)
    {
        Assert.Contains($"output \"{output}\"", Text(DeployPath("terraform", "outputs.tf")), StringComparison.Ordinal);
    }

    [Fact]
    public void Terraform_Versions_PinTheAwsProvider()
    {
        Assert.Matches("source\\s*=\\s*\"hashicorp/aws\"\\s*\\n\\s*version\\s*=\\s*\"~> 5.0\"", Text(DeployPath("terraform", "versions.tf")));
    }

    [Fact]
    public void Terraform_Variables_DefaultsMatchTheWorker()
    {
        var variables = Text(DeployPath("terraform", "variables.tf"));
        Assert.Equal(5, Default(variables, "max_receive_count"));
        using var settings = AppSettings();
        var worker = settings.RootElement.GetProperty("TrailWatcher").GetProperty("Sqs").GetProperty("VisibilityTimeoutSeconds").GetInt32();
        Assert.True(Default(variables, "visibility_timeout_seconds") >= worker, "the queue's visibility timeout is below the worker's");
        foreach (var name in (string[])["trail_bucket_name", "trail_prefix", "kms_key_arn", "create_irsa_role", "oidc_provider_arn", "k8s_namespace", "k8s_service_account"])
        {
            Assert.Contains($"variable \"{name}\"", variables, StringComparison.Ordinal);
        }
    }

    /// <summary>The text of the block whose header starts at <paramref name="start"/>, up to its matching brace.</summary>
    internal static string Block(string text, int start)
    {
        var open = text.IndexOf('{', start);
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            depth += text[i] switch { '{' => 1, '}' => -1, _ => 0 };
            if (depth == 0)
            {
                return text[start..(i + 1)];
            }
        }

        throw new Xunit.Sdk.XunitException("unclosed block");
    }

    private static int Default(string variables, string name)
    {
        var start = variables.IndexOf($"variable \"{name}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"variable {name} missing");
        var match = Regex.Match(Block(variables, start), "default\\s*=\\s*([0-9]+)");
        Assert.True(match.Success, $"variable {name} has no numeric default");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    // HCL without comments and string contents (interpolations inside strings are skipped with them).
    private static string Code(string hcl)
    {
        var code = new System.Text.StringBuilder();
        for (var i = 0; i < hcl.Length; i++)
        {
            var c = hcl[i];
            if (c == '#' || (c == '/' && i + 1 < hcl.Length && hcl[i + 1] == '/'))
            {
                while (i < hcl.Length && hcl[i] != '\n')
                {
                    i++;
                }
            }
            else if (c == '/' && i + 1 < hcl.Length && hcl[i + 1] == '*')
            {
                var end = hcl.IndexOf("*/", i + 2, StringComparison.Ordinal);
                Assert.True(end >= 0, "unclosed /* comment");
                i = end + 1;
            }
            else if (c == '"')
            {
                var depth = 0;
                for (i++; ; i++)
                {
                    Assert.True(i < hcl.Length && hcl[i] != '\n', "unclosed string");
                    if (hcl[i] == '\\')
                    {
                        i++;
                    }
                    else if (hcl[i] == '$' && i + 1 < hcl.Length && hcl[i + 1] == '{')
                    {
                        depth++;
                        i++;
                    }
                    else if (hcl[i] == '}' && depth > 0)
                    {
                        depth--;
                    }
                    else if (hcl[i] == '"' && depth == 0)
                    {
                        break;
                    }
                }
            }
            else
            {
                code.Append(c);
            }
        }

        return code.ToString();
    }
}
