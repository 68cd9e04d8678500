using System.Text.Json;
using TrailWatcher.Detection.Rules.Conditions;
using TrailWatcher.Detection.Rules.Ecs;

namespace TrailWatcher.Detection.Tests.Rules.Ecs;

public sealed class CloudTrailEcsViewTests
{
    // A PutBucketLogging call that turns logging off, in CloudTrail's shape (the project's own S3 rule sample).
    private const string LoggingOff = """
        {
          "eventVersion": "1.11",
          "userIdentity": {
            "type": "AssumedRole", "principalId": "AROAEXAMPLEID:alice", "arn": "arn:aws:sts::111111111111:assumed-role/AdminRole/alice",
            "accountId": "111111111111", "accessKeyId": "ASIAEXAMPLEKEY",
            "sessionContext": {
              "sessionIssuer": { "type": "Role", "principalId": "AROAEXAMPLEID", "arn": "arn:aws:iam::111111111111:role/AdminRole", "accountId": "111111111111", "userName": "AdminRole" },
              "attributes": { "creationDate": "2024-01-15T10:30:00Z", "mfaAuthenticated": "false" }
            }
          },
          "eventTime": "2024-01-15T10:45:23Z",
          "eventSource": "s3.amazonaws.com",
          "eventName": "PutBucketLogging",
          "awsRegion": "us-west-2",
          "sourceIPAddress": "198.51.100.7",
          "userAgent": "aws-cli/2.13.0 Python/3.11.4",
          "requestParameters": {
            "logging": "",
            "bucketName": "critical-data-bucket",
            "BucketLoggingStatus": { "xmlns": "http://s3.amazonaws.com/doc/2006-03-01/" },
            "Host": "critical-data-bucket.s3.us-west-2.amazonaws.com"
          },
          "responseElements": null,
          "requestID": "ABC123DEF456",
          "eventID": "12345678-1234-1234-1234-111111111111",
          "readOnly": false,
          "resources": [{ "accountId": "111111111111", "type": "AWS::S3::Bucket", "ARN": "arn:aws:s3:::critical-data-bucket" }],
          "eventType": "AwsApiCall",
          "managementEvent": true,
          "recipientAccountId": "111111111111",
          "eventCategory": "Management",
          "tlsDetails": { "tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256", "clientProvidedHostHeader": "critical-data-bucket.s3.us-west-2.amazonaws.com" }
        }
        """;

    private const string LoggingOnParameters = """
        {
          "logging": [{ "targetBucket": "logging-bucket", "targetPrefix": "logs/" }],
          "bucketName": "critical-data-bucket",
          "BucketLoggingStatus": {
            "xmlns": "http://s3.amazonaws.com/doc/2006-03-01/",
            "LoggingEnabled": { "TargetBucket": "logging-bucket", "TargetPrefix": "logs/" }
          },
          "Host": "critical-data-bucket.s3.us-west-2.amazonaws.com"
        }
        """;

    [Fact]
    public void RequestParameters_PutBucketLoggingWithoutLoggingEnabled_RendersJavaMapTextInHashOrder()
    {
        // The empty "logging" string is pruned; keys follow Java's HashMap buckets, not the record's order.
        Assert.Equal(
            ["{bucketName=critical-data-bucket, BucketLoggingStatus={xmlns=http://s3.amazonaws.com/doc/2006-03-01/}, Host=critical-data-bucket.s3.us-west-2.amazonaws.com}"],
            Texts("aws.cloudtrail.request_parameters", LoggingOff));
    }

    [Fact]
    public void RequestParameters_PutBucketLoggingWithLoggingEnabled_RendersNestedMapsAndLists()
    {
        Assert.Equal(
            ["{bucketName=critical-data-bucket, BucketLoggingStatus={xmlns=http://s3.amazonaws.com/doc/2006-03-01/, LoggingEnabled={TargetPrefix=logs/, TargetBucket=logging-bucket}}, logging=[{targetPrefix=logs/, targetBucket=logging-bucket}], Host=critical-data-bucket.s3.us-west-2.amazonaws.com}"],
            Texts("aws.cloudtrail.request_parameters", WithRequestParameters(LoggingOnParameters)));
    }

    [Fact]
    public void RequestParameters_ScalarsNullsAndEmptyValues_RenderAsJavaDoes()
    {
        const string parameters = """
            {
              "instancesSet": { "items": [{ "imageId": "ami-0abc", "minCount": 1, "maxCount": 2 }] },
              "instanceType": "t3.micro", "ebsOptimized": false, "monitoring": { "enabled": true },
              "disableApiTermination": null, "clientToken": "", "userData": "-", "placement": {}, "blockDeviceMapping": { "items": [] },
              "spotPrice": 0.25, "capacity": 1E7, "fraction": 1.5e-4, "tags": ["a", null, "b", ""]
            }
            """;

        // Null, "", "-", empty maps and lists (also once emptied) vanish; doubles are Java's, integers their digits.
        Assert.Equal(
            ["{ebsOptimized=false, spotPrice=0.25, instanceType=t3.micro, monitoring={enabled=true}, capacity=1.0E7, fraction=1.5E-4, tags=[a, b], instancesSet={items=[{imageId=ami-0abc, minCount=1, maxCount=2}]}}"],
            Texts("aws.cloudtrail.request_parameters", WithRequestParameters(parameters)));
    }

    [Fact]
    public void RequestParameters_MoreThanTwelveKeys_FollowTheResizedTable()
    {
        const string parameters = """{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"j":10,"k":11,"l":12,"m":13,"policyName":"p","roleName":"r"}""";

        Assert.Equal(
            ["{a=1, b=2, c=3, d=4, e=5, policyName=p, f=6, g=7, h=8, i=9, j=10, k=11, l=12, m=13, roleName=r}"],
            Texts("aws.cloudtrail.request_parameters", WithRequestParameters(parameters)));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("""{"logging": "", "policy": null, "items": []}""")]
    public void RequestParameters_NothingLeftAfterPruning_IsAbsent(string parameters)
    {
        Assert.Empty(Texts("aws.cloudtrail.request_parameters", WithRequestParameters(parameters)));
        Assert.Empty(Texts("aws.cloudtrail.response_elements", LoggingOff));
    }

    [Fact]
    public void RequestParameters_LongerThanTheKeywordLimit_IsAbsentButFlattenedStillReads()
    {
        var record = WithRequestParameters($$"""{"bucketName": "b", "policy": "{{new string('x', 9000)}}"}""");

        Assert.Empty(Texts("aws.cloudtrail.request_parameters", record));
        Assert.Equal(["b"], Texts("aws.cloudtrail.flattened.request_parameters.bucketName", record));
    }

    [Fact]
    public void AdditionalEventData_ConsoleLogin_RendersTextAndBooleans()
    {
        var login = ConsoleLogin("Success", errorMessage: null);

        Assert.Equal(["{LoginTo=https://console.aws.amazon.com/console/home, MobileVersion=No, MFAUsed=Yes}"], Texts("aws.cloudtrail.additional_eventdata", login));
        Assert.Equal(["false"], Texts("aws.cloudtrail.console_login.additional_eventdata.mobile_version", login));
        Assert.Equal(["true"], Texts("aws.cloudtrail.console_login.additional_eventdata.mfa_used", login));
        Assert.Equal(["https://console.aws.amazon.com/console/home"], Texts("aws.cloudtrail.console_login.additional_eventdata.login_to", login));
        Assert.Empty(Texts("aws.cloudtrail.console_login.additional_eventdata.mfa_used", LoggingOff));
    }

    [Fact]
    public void EventOutcome_FollowsErrorsAndConsoleLoginVerdict()
    {
        Assert.Equal(["success"], Texts("event.outcome", LoggingOff));
        Assert.Equal(["failure"], Texts("event.outcome", LoggingOff.Replace("\"readOnly\"", "\"errorCode\": \"AccessDenied\", \"readOnly\"", StringComparison.Ordinal)));
        Assert.Equal(["failure"], Texts("event.outcome", LoggingOff.Replace("\"readOnly\"", "\"errorMessage\": \"Access Denied\", \"readOnly\"", StringComparison.Ordinal)));
        Assert.Equal(["success"], Texts("event.outcome", LoggingOff.Replace("\"readOnly\"", "\"errorCode\": \"\", \"readOnly\"", StringComparison.Ordinal)));
        Assert.Equal(["failure"], Texts("event.outcome", ConsoleLogin("Failure", errorMessage: "Failed authentication")));
        Assert.Equal(["success"], Texts("event.outcome", ConsoleLogin("Success", errorMessage: null)));
    }

    [Fact]
    public void EventCategoryAndType_ComeFromThePipelinesTable()
    {
        Assert.Empty(Texts("event.category", LoggingOff));
        Assert.Equal(["info"], Texts("event.type", LoggingOff));
        var createUser = LoggingOff.Replace("PutBucketLogging", "CreateUser", StringComparison.Ordinal);
        Assert.Equal(["iam"], Texts("event.category", createUser));
        Assert.Equal(["user", "creation"], Texts("event.type", createUser));
        Assert.Equal(["authentication"], Texts("event.category", ConsoleLogin("Success", errorMessage: null)));
        Assert.Empty(Texts("event.type", LoggingOff.Replace("PutBucketLogging", "Publish", StringComparison.Ordinal)));
        Assert.Equal(["event"], Texts("event.kind", LoggingOff));
    }

    [Theory]
    [InlineData("198.51.100.7", "198.51.100.7")]
    [InlineData("2001:db8::1", "2001:db8::1")]
    [InlineData("s3.amazonaws.com", null)]
    [InlineData("AWS Internal", null)]
    [InlineData("10.1", null)]
    [InlineData("300.1.1.1", null)]
    public void SourceIp_OnlyForAnAddress_WhileSourceAddressKeepsAnything(string sourceIp, string? expectedIp)
    {
        var record = LoggingOff.Replace("198.51.100.7", sourceIp, StringComparison.Ordinal);

        Assert.Equal(expectedIp is null ? [] : [expectedIp], Texts("source.ip", record));
        Assert.Equal([sourceIp], Texts("source.address", record));
    }

    [Fact]
    public void UserFields_AssumedRole_NameIsTheRoleAndChangesNameTheSession()
    {
        Assert.Equal(["AdminRole"], Texts("user.name", LoggingOff));
        Assert.Equal(["AROAEXAMPLEID:alice"], Texts("user.id", LoggingOff));
        Assert.Equal(["alice"], Texts("user.changes.name", LoggingOff));
        Assert.Equal(["AROAEXAMPLEID:alice", "AdminRole", "alice"], Texts("related.user", LoggingOff));
        Assert.Equal(["Role"], Texts("aws.cloudtrail.user_identity.session_context.session_issuer.type", LoggingOff));
        Assert.Equal(["2024-01-15T10:30:00.000Z"], Texts("aws.cloudtrail.user_identity.session_context.creation_date", LoggingOff));
    }

    [Fact]
    public void UserFields_IamUser_NameIsTheUserName()
    {
        var record = ConsoleLogin("Success", errorMessage: null);

        Assert.Equal(["jane@example.com"], Texts("user.name", record));
        Assert.Equal(["jane@example.com"], Texts("user.email", record));
        Assert.Equal(["AIDAEXAMPLEUSER"], Texts("user.id", record));
        Assert.Equal(["IAMUser"], Texts("aws.cloudtrail.user_identity.type", record));
        Assert.Empty(Texts("user.changes.name", record));
    }

    [Fact]
    public void UserFields_Root_HasNoNameButItsAccountAsId()
    {
        const string root = """
            {"eventVersion": "1.09", "userIdentity": {"type": "Root", "principalId": "222233334444", "arn": "arn:aws:iam::222233334444:root", "accountId": "222233334444", "accessKeyId": ""},
             "eventTime": "2024-05-14T08:59:03Z", "eventSource": "signin.amazonaws.com", "eventName": "ConsoleLogin", "awsRegion": "us-east-1",
             "sourceIPAddress": "203.0.113.9", "requestParameters": null, "responseElements": {"ConsoleLogin": "Failure"}, "errorMessage": "Failed authentication",
             "eventID": "e-root", "recipientAccountId": "222233334444"}
            """;

        Assert.Empty(Texts("user.name", root));
        Assert.Equal(["222233334444"], Texts("user.id", root));
        Assert.Equal(["222233334444"], Texts("cloud.account.id", root));
        Assert.Equal(["failure"], Texts("event.outcome", root));
    }

    [Fact]
    public void CloudAccountId_WithoutTheCallersAccount_IsTheRecipient()
    {
        const string service = """{"eventVersion": "1.08", "userIdentity": {"type": "AWSService", "invokedBy": "cloudtrail.amazonaws.com"}, "eventName": "AssumeRole", "recipientAccountId": "555566667777"}""";

        Assert.Equal(["555566667777"], Texts("cloud.account.id", service));
        Assert.Equal(["cloudtrail.amazonaws.com"], Texts("aws.cloudtrail.user_identity.invoked_by", service));
    }

    [Theory]
    [InlineData("event.action", "PutBucketLogging")]
    [InlineData("event.provider", "s3.amazonaws.com")]
    [InlineData("event.id", "12345678-1234-1234-1234-111111111111")]
    [InlineData("event.dataset", "aws.cloudtrail")]
    [InlineData("cloud.region", "us-west-2")]
    [InlineData("cloud.provider", "aws")]
    [InlineData("user_agent.original", "aws-cli/2.13.0 Python/3.11.4")]
    [InlineData("@timestamp", "2024-01-15T10:45:23.000Z")]
    [InlineData("aws.cloudtrail.event_version", "1.11")]
    [InlineData("aws.cloudtrail.user_identity.arn", "arn:aws:sts::111111111111:assumed-role/AdminRole/alice")]
    [InlineData("aws.cloudtrail.user_identity.access_key_id", "ASIAEXAMPLEKEY")]
    [InlineData("aws.cloudtrail.resources.arn", "arn:aws:s3:::critical-data-bucket")]
    [InlineData("aws.cloudtrail.read_only", "false")]
    [InlineData("tls.version_protocol", "tls")]
    [InlineData("tls.version", "1.3")]
    public void Field_OfARealRecord_HasElasticsValue(string ecsName, string expected)
    {
        Assert.Equal([expected], Texts(ecsName, LoggingOff));
    }

    [Fact]
    public void FlattenedPaths_ReachNestedValuesAndFanOutOverArrays()
    {
        var record = WithRequestParameters(LoggingOnParameters);

        Assert.Equal(["logging-bucket"], Texts("aws.cloudtrail.flattened.request_parameters.BucketLoggingStatus.LoggingEnabled.TargetBucket", record));
        Assert.Equal(["logs/"], Texts("aws.cloudtrail.flattened.request_parameters.logging.targetPrefix", record));
        Assert.Empty(Texts("aws.cloudtrail.flattened.request_parameters.BucketLoggingStatus.LoggingEnabled.TargetBucket", LoggingOff));
        Assert.Equal(["Yes"], Texts("aws.cloudtrail.flattened.additional_eventdata.MFAUsed", ConsoleLogin("Success", errorMessage: null)));
    }

    [Theory]
    [InlineData("event.unknown")]
    [InlineData("Event.Action")]
    [InlineData("EVENT.OUTCOME")]
    [InlineData("aws.cloudtrail.flattened.unknown_root.x")]
    [InlineData("aws.cloudtrail.flattened.request_parameters.items[0]")]
    [InlineData("requestParameters.bucketName")]
    public void TryGetField_UnknownOrMiscasedName_IsNotFound(string ecsName)
    {
        Assert.False(CloudTrailEcsView.TryGetField(ecsName, out _));
    }

    [Fact]
    public void FieldNames_EveryNameResolves()
    {
        Assert.Contains("event.outcome", CloudTrailEcsView.FieldNames);
        Assert.Contains("aws.cloudtrail.request_parameters", CloudTrailEcsView.FieldNames);
        Assert.All(CloudTrailEcsView.FieldNames.Concat(CloudTrailEcsView.ObjectFieldNames), name => Assert.True(CloudTrailEcsView.TryGetField(name, out _)));
    }

    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(100.0, "100.0")]
    [InlineData(1234567.0, "1234567.0")]
    [InlineData(1e7, "1.0E7")]
    [InlineData(0.001, "0.001")]
    [InlineData(0.0001, "1.0E-4")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(123456789.125, "1.23456789125E8")]
    [InlineData(1e21, "1.0E21")]
    public void JavaDoubleText_FormatsAsJavaDoes(double value, string expected)
    {
        Assert.Equal(expected, JavaDoubleText.Format(value));
    }

    private static string ConsoleLogin(string verdict, string? errorMessage) => $$"""
        {"eventVersion": "1.08",
         "userIdentity": {"type": "IAMUser", "principalId": "AIDAEXAMPLEUSER", "arn": "arn:aws:iam::111122223333:user/jane@example.com", "accountId": "111122223333", "userName": "jane@example.com"},
         "eventTime": "2024-03-01T09:00:00Z", "eventSource": "signin.amazonaws.com", "eventName": "ConsoleLogin", "awsRegion": "us-east-1",
         "sourceIPAddress": "203.0.113.10", "userAgent": "Mozilla/5.0", {{(errorMessage is null ? "" : $"\"errorMessage\": \"{errorMessage}\",")}}
         "requestParameters": null, "responseElements": {"ConsoleLogin": "{{verdict}}"},
         "additionalEventData": {"MobileVersion": "No", "LoginTo": "https://console.aws.amazon.com/console/home", "MFAUsed": "Yes"},
         "eventID": "e-login", "eventType": "AwsConsoleSignIn", "recipientAccountId": "111122223333"}
        """;

    private static string WithRequestParameters(string parameters)
    {
        var start = LoggingOff.IndexOf("\"requestParameters\"", StringComparison.Ordinal);
        var end = LoggingOff.IndexOf("\"responseElements\"", StringComparison.Ordinal);
        return $"{LoggingOff[..start]}\"requestParameters\": {parameters},\n  {LoggingOff[end..]}";
    }

    // Each value as text: a string's content, anything else its JSON.
    private static string[] Texts(string ecsName, string json)
    {
        Assert.True(CloudTrailEcsView.TryGetField(ecsName, out var reader), ecsName);
        using var document = JsonDocument.Parse(json);
        var record = new EventRecord(document.RootElement.Clone());
        return [.. reader.Resolve(record).Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText())];
    }
}
