using TrailWatcher.Detection.Tests.TestSupport;

namespace TrailWatcher.Detection.Tests.Rules.Conditions;

public sealed class HelperConditionTests
{
    // Notions read UTF-8 in place; values of another type, escaped text and text longer than the stack buffer must
    // give what the plain reading of the record gives.
    [Theory]
    [InlineData("is: root", """{"userIdentity":{"type":7}}""", false)]
    [InlineData("is: root", """{"userIdentity":"Root"}""", false)]
    [InlineData("is: root", """{"userIdentity":{"type":"R\u006fot"}}""", true)]
    [InlineData("is: aws_service", """{"userIdentity":{"type":{"a":1},"invokedBy":null},"sourceIPAddress":5}""", false)]
    [InlineData("is: aws_service", """{"userIdentity":{"type":"IAMUser"},"sourceIPAddress":"LAMBDA.AMAZONAWS.COM"}""", true)]
    [InlineData("is: console", """{"sessionCredentialFromConsole":true,"userAgent":"Boto3"}""", true)]
    [InlineData("is: console", """{"sessionCredentialFromConsole":1,"userAgent":["console.amazonaws.com"]}""", false)]
    [InlineData("is: console", """{"userAgent":"console\u002eaws.example"}""", true)]
    [InlineData("is: mfa", """{"userIdentity":{"sessionContext":{"attributes":{"mfaAuthenticated":true}}}}""", true)]
    [InlineData("is: success", """{"responseElements":{"ConsoleLogin":"FAILURE"}}""", false)]
    public void Notions_OddTypesAndEscapes_ReadAsTheRecordSays(string condition, string record, bool expected)
    {
        Assert.Equal(expected, TestRules.FromCondition(condition).Matches(record));
    }

    [Fact]
    public void IsConsole_UserAgentLongerThanAnyBuffer_StillFindsTheMarker()
    {
        var agent = new string('x', 2000) + " console.amazonaws.com";
        Assert.True(TestRules.FromCondition("is: console").Matches($$"""{"userAgent":"{{agent}}"}"""));
        Assert.False(TestRules.FromCondition("is: console").Matches($$"""{"userAgent":"{{new string('x', 2000)}}"}"""));
    }

    [Theory]
    [InlineData("""{"eventName":"StopLogging"}""", true)]
    [InlineData("""{"eventName":"StopLogging","errorCode":null,"errorMessage":null}""", true)]
    [InlineData("""{"eventName":"StopLogging","errorCode":"AccessDenied"}""", false)]
    [InlineData("""{"eventName":"StopLogging","errorMessage":"User is not authorized"}""", false)]
    [InlineData("""{"eventName":"ConsoleLogin","responseElements":{"ConsoleLogin":"Success"}}""", true)]
    [InlineData("""{"eventName":"ConsoleLogin","responseElements":{"ConsoleLogin":"Failure"}}""", false)]
    public void IsSuccess_CallsThatTookEffect_Match(string record, bool expected)
    {
        Assert.Equal(expected, TestRules.FromCondition("is: success").Matches(record));
    }

    [Theory]
    [InlineData("""{"userIdentity":{"type":"Root","arn":"arn:aws:iam::111122223333:root"}}""", true)]
    [InlineData("""{"userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/root"}}""", false)]
    [InlineData("""{"userIdentity":{"type":"AssumedRole"}}""", false)]
    [InlineData("""{}""", false)]
    public void IsRoot_OnlyTheRootUserType_Matches(string record, bool expected)
    {
        Assert.Equal(expected, TestRules.FromCondition("is: root").Matches(record));
    }

    [Theory]
    [InlineData("""{"userIdentity":{"type":"AWSService","invokedBy":"cloudtrail.amazonaws.com"},"sourceIPAddress":"cloudtrail.amazonaws.com"}""", true)]
    [InlineData("""{"userIdentity":{"type":"AssumedRole","invokedBy":"ec2.amazonaws.com"},"sourceIPAddress":"ec2.amazonaws.com"}""", true)]
    [InlineData("""{"userIdentity":{"type":"AssumedRole"},"sourceIPAddress":"lambda.amazonaws.com"}""", true)]
    [InlineData("""{"userIdentity":{"type":"IAMUser"},"sourceIPAddress":"AWS Internal"}""", true)]
    [InlineData("""{"userIdentity":{"type":"IAMUser"},"sourceIPAddress":"198.51.100.7"}""", false)]
    public void IsAwsService_ServiceActingForTheAccount_Matches(string record, bool expected)
    {
        Assert.Equal(expected, TestRules.FromCondition("is: aws_service").Matches(record));
    }

    [Theory]
    [InlineData("198.51.100.7", true)]
    [InlineData("2001:db8::1", true)]
    [InlineData("s3.amazonaws.com", false)]
    [InlineData("AWS Internal", false)]
    [InlineData("10.1", false)]
    public void IsRealSourceIp_AddressesNotServiceNames_Match(string source, bool expected)
    {
        var record = $$"""{"sourceIPAddress":"{{source}}"}""";
        Assert.Equal(expected, TestRules.FromCondition("is: real_source_ip").Matches(record));
    }

    [Theory]
    [InlineData("""{"userAgent":"console.amazonaws.com"}""", true)]
    [InlineData("""{"userAgent":"signin.amazonaws.com"}""", true)]
    [InlineData("""{"userAgent":"console.ec2.amazonaws.com"}""", true)]
    [InlineData("""{"userAgent":"aws-internal/3 via us-east-1.Console.AWS.Amazon.com"}""", true)]
    [InlineData("""{"userAgent":"Mozilla/5.0 (through CONSOLE.AMAZONAWS.COM)"}""", true)]
    [InlineData("""{"userAgent":"Mozilla/5.0 (through console-amazonaws.com)"}""", false)]
    [InlineData("""{"userAgent":"Mozilla/5.0","sessionCredentialFromConsole":"true"}""", true)]
    [InlineData("""{"userAgent":"aws-cli/2.15.0 Python/3.11.6 Linux/6.5"}""", false)]
    [InlineData("""{"userAgent":"Boto3/1.34.0"}""", false)]
    public void IsConsole_ManagementConsoleCalls_Match(string record, bool expected)
    {
        Assert.Equal(expected, TestRules.FromCondition("is: console").Matches(record));
    }

    [Theory]
    [InlineData("""{"additionalEventData":{"MFAUsed":"Yes"}}""", true)]
    [InlineData("""{"additionalEventData":{"MFAUsed":"No"}}""", false)]
    [InlineData("""{"userIdentity":{"sessionContext":{"attributes":{"mfaAuthenticated":"true"}}}}""", true)]
    [InlineData("""{"userIdentity":{"sessionContext":{"attributes":{"mfaAuthenticated":"false"}}}}""", false)]
    public void IsMfa_MfaSignInOrSession_Matches(string record, bool expected)
    {
        Assert.Equal(expected, TestRules.FromCondition("is: mfa").Matches(record));
    }

    [Fact]
    public void Is_UnknownName_FailsToLoadNamingTheChoices()
    {
        var error = TestRules.LoadErrors(("bad.yml", TestRules.Yaml("is: superuser")));
        Assert.Contains("'is' expects one of success, root", error.Message, StringComparison.Ordinal);
    }

    private const string PublicPolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}""";

    [Theory]
    [InlineData(PublicPolicy, "public", true)]
    [InlineData(PublicPolicy, "external", true)]
    [InlineData(PublicPolicy, "cross_account", false)]
    [InlineData("""{"Statement":{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root","*"]},"Action":"sts:AssumeRole"}}""", "public", true)]
    [InlineData("""{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*"}]}""", "public", false)]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}]}""", "public", false)]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Condition":{"StringLike":{"aws:PrincipalOrgID":"*"}}}]}""", "public", true)]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"s3:*"}]}""", "cross_account", true)]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"s3:*"}]}""", "external", true)]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},"Action":"s3:*"}]}""", "external", false)]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject"}]}""", "external", false)]
    [InlineData("""{"Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:*"}]}""", "public", true)]
    [InlineData("not json", "external", false)]
    public void PolicyGrants_PolicyHeldInAString_IsJudgedByItsStatements(string policy, string grant, bool expected)
    {
        var record = $$$"""{"recipientAccountId":"111122223333","requestParameters":{"policyDocument":{{{System.Text.Json.JsonSerializer.Serialize(policy)}}}}}""";
        var rule = TestRules.FromCondition($"field: requestParameters.policyDocument\npolicy_grants: {grant}");
        Assert.Equal(expected, rule.Matches(record));
    }

    [Fact]
    public void PolicyGrants_PolicyRecordedAsObjectOrUrlEncoded_IsRead()
    {
        var rule = TestRules.FromCondition("field: requestParameters.bucketPolicy\npolicy_grants: public");
        Assert.True(rule.Matches($$$"""{"requestParameters":{"bucketPolicy":{{{PublicPolicy}}}}}"""));
        Assert.True(rule.Matches($$$"""{"requestParameters":{"bucketPolicy":"{{{Uri.EscapeDataString(PublicPolicy)}}}"}}"""));
        Assert.False(rule.Matches("""{"requestParameters":{}}"""));
    }

    [Fact]
    public void PolicyGrants_UnknownGrant_FailsToLoad()
    {
        var error = TestRules.LoadErrors(("bad.yml", TestRules.Yaml("field: policy\npolicy_grants: everyone")));
        Assert.Contains("'policy_grants' expects public, cross_account or external", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"items":[{"ipProtocol":"tcp","fromPort":22,"toPort":22,"ipRanges":{"items":[{"cidrIp":"0.0.0.0/0"}]}}]}""", true)]
    [InlineData("""{"items":[{"ipProtocol":"tcp","fromPort":22,"toPort":22,"ipv6Ranges":{"items":[{"cidrIpv6":"::/0"}]}}]}""", true)]
    [InlineData("""{"items":[{"ipProtocol":"tcp","fromPort":22,"toPort":22,"ipRanges":{"items":[{"cidrIp":"203.0.113.0/24"}]}}]}""", false)]
    [InlineData("""{"items":[{"ipProtocol":"tcp","groups":{"items":[{"groupId":"sg-1"}]}}]}""", false)]
    public void OpenToWorld_IpPermissions_MatchWhenARangeIsEverything(string permissions, bool expected)
    {
        var record = $$$"""{"requestParameters":{"ipPermissions":{{{permissions}}}}}""";
        Assert.Equal(expected, TestRules.FromCondition("field: requestParameters.ipPermissions\nopen_to_world: true").Matches(record));
        Assert.Equal(!expected, TestRules.FromCondition("field: requestParameters.ipPermissions\nopen_to_world: false").Matches(record));
    }
}
