using System.Globalization;

namespace TrailWatcher.Detection.Tests.Correlation;

/// <summary>One CloudTrail record for the built-in correlation tests: its time, eventID and JSON as CloudTrail writes it.</summary>
internal sealed record CloudTrailRecord(DateTimeOffset Time, string EventId, string Json)
{
    public override string ToString() => $"{EventId} {Time:O}";
}

/// <summary>CloudTrail records in the shape AWS writes them, for the principals and calls the built-in correlations follow.</summary>
internal static class Ct
{
    public const string Account = "111122223333";

    public static readonly DateTimeOffset T0 = new(2024, 5, 14, 9, 0, 0, TimeSpan.Zero);

    private const string Cli = "aws-cli/2.15.40 md/awscrt#0.19.19 ua/2.0 os/linux#6.5.0-1018-aws md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.22 md/prompt#off";
    private const string Browser = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

    private static int _next;

    public static DateTimeOffset At(TimeSpan offset) => T0 + offset;

    public static TimeSpan Min(double minutes) => TimeSpan.FromMinutes(minutes);

    public static TimeSpan Days(double days) => TimeSpan.FromDays(days);

    // ---- identities -------------------------------------------------------------------------------------------

    /// <summary>An IAM user calling with its long-term access key.</summary>
    public static string IamUser(string name) =>
        $$"""{"type":"IAMUser","principalId":"AIDA{{Hex(name, 16)}}","arn":"arn:aws:iam::{{Account}}:user/{{name}}","accountId":"{{Account}}","accessKeyId":"AKIA{{Hex(name, 16)}}","userName":"{{name}}"}""";

    /// <summary>An IAM user signing in to the console: the ConsoleLogin record has no access key.</summary>
    public static string IamUserSigningIn(string name) =>
        $$"""{"type":"IAMUser","principalId":"AIDA{{Hex(name, 16)}}","arn":"arn:aws:iam::{{Account}}:user/{{name}}","accountId":"{{Account}}","userName":"{{name}}"}""";

    /// <summary>An IAM user's console session: temporary ASIA credentials, MFA as the sign-in had it.</summary>
    public static string IamUserConsoleSession(string name, bool mfa = false) =>
        $$"""{"type":"IAMUser","principalId":"AIDA{{Hex(name, 16)}}","arn":"arn:aws:iam::{{Account}}:user/{{name}}","accountId":"{{Account}}","accessKeyId":"ASIA{{Hex(name + "console", 16)}}","userName":"{{name}}","sessionContext":{"sessionIssuer":{},"webIdFederationData":{},"attributes":{"creationDate":"2024-05-14T08:59:03Z","mfaAuthenticated":"{{(mfa ? "true" : "false")}}""" + "\"}}}";

    public static string RootSigningIn() =>
        $$"""{"type":"Root","principalId":"{{Account}}","arn":"arn:aws:iam::{{Account}}:root","accountId":"{{Account}}","accessKeyId":""}""";

    public static string RootConsoleSession() =>
        $$"""{"type":"Root","principalId":"{{Account}}","arn":"arn:aws:iam::{{Account}}:root","accountId":"{{Account}}","accessKeyId":"ASIA{{Hex("root", 16)}}","sessionContext":{"sessionIssuer":{},"webIdFederationData":{},"attributes":{"creationDate":"2024-05-14T08:59:03Z","mfaAuthenticated":"false"}""" + "}}";

    /// <summary>A role session: userIdentity.arn is the session's assumed-role ARN, the role is the session issuer.</summary>
    public static string RoleSession(string role, string session, bool ec2 = false) =>
        $$"""
        {"type":"AssumedRole","principalId":"AROA{{Hex(role, 17)}}:{{session}}","arn":"arn:aws:sts::{{Account}}:assumed-role/{{role}}/{{session}}","accountId":"{{Account}}","accessKeyId":"ASIA{{Hex(role + session, 16)}}",
         "sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROA{{Hex(role, 17)}}","arn":"arn:aws:iam::{{Account}}:role/{{role}}","accountId":"{{Account}}","userName":"{{role}}"},
         "webIdFederationData":{},"attributes":{"creationDate":"2024-05-14T08:02:11Z","mfaAuthenticated":"false"}{{(ec2 ? ",\"ec2RoleDelivery\":\"2.0\"" : "")}}
        """ + "}}";

    public static string UserArn(string name) => $"arn:aws:iam::{Account}:user/{name}";

    public static string RootArn => $"arn:aws:iam::{Account}:root";

    public static string SessionArn(string role, string session) => $"arn:aws:sts::{Account}:assumed-role/{role}/{session}";

    // ---- sign-in ----------------------------------------------------------------------------------------------

    public static CloudTrailRecord ConsoleLogin(TimeSpan at, string identity, bool mfa, bool success = true) =>
        Make(at, identity, "signin.amazonaws.com", "ConsoleLogin", "us-east-1", "null",
            success ? """{"ConsoleLogin":"Success"}""" : """{"ConsoleLogin":"Failure"}""",
            additional: $$"""{"LoginTo":"https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_us-east-1_0123456789abcdef","MobileVersion":"No","MFAUsed":"{{(mfa ? "Yes" : "No")}}"}""",
            error: success ? null : ("", "Failed authentication"), agent: Browser, eventType: "AwsConsoleSignIn", host: "us-east-1.signin.aws.amazon.com");

    // ---- IAM --------------------------------------------------------------------------------------------------

    public static CloudTrailRecord CreateAccessKey(TimeSpan at, string identity, string user, bool console = false, string? error = null) =>
        Iam(at, identity, "CreateAccessKey", $$"""{"userName":"{{user}}"}""",
            error is null ? $$"""{"accessKey":{"accessKeyId":"AKIA{{Hex(user + at, 16)}}","status":"Active","userName":"{{user}}","createDate":"May 14, 2024 9:12:00 AM"}""" + "}" : "null",
            console, error);

    public static CloudTrailRecord CreateUser(TimeSpan at, string identity, string user, bool console = false) =>
        Iam(at, identity, "CreateUser", $$"""{"userName":"{{user}}"}""",
            $$"""{"user":{"path":"/","userName":"{{user}}","userId":"AIDA{{Hex(user, 16)}}","arn":"arn:aws:iam::{{Account}}:user/{{user}}","createDate":"May 14, 2024 9:20:00 AM"}""" + "}", console);

    public static CloudTrailRecord AttachUserPolicy(TimeSpan at, string identity, string user, bool console = false) =>
        Iam(at, identity, "AttachUserPolicy", $$"""{"userName":"{{user}}","policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}""", "null", console);

    public static CloudTrailRecord ListUsers(TimeSpan at, string identity, bool console = false) =>
        Iam(at, identity, "ListUsers", "null", "null", console, readOnly: true);

    public static CloudTrailRecord GetUser(TimeSpan at, string identity, string user, bool console = false) =>
        Iam(at, identity, "GetUser", $$"""{"userName":"{{user}}"}""", "null", console, readOnly: true);

    private static CloudTrailRecord Iam(TimeSpan at, string identity, string name, string request, string response, bool console, string? error = null, bool readOnly = false) =>
        Make(at, identity, "iam.amazonaws.com", name, "us-east-1", request, response,
            error: error is null ? null : (error, $"User is not authorized to perform: iam:{name}"),
            agent: console ? "AWS Internal" : Cli, readOnly: readOnly, console: console, host: "iam.amazonaws.com");

    // ---- CloudTrail -------------------------------------------------------------------------------------------

    public static CloudTrailRecord StopLogging(TimeSpan at, string identity, string? error = null) =>
        Make(at, identity, "cloudtrail.amazonaws.com", "StopLogging", "us-east-1",
            $$"""{"name":"arn:aws:cloudtrail:us-east-1:{{Account}}:trail/management-events"}""", "null",
            error: error is null ? null : (error, "Unknown trail: management-events for the user: " + Account), host: "cloudtrail.us-east-1.amazonaws.com");

    public static CloudTrailRecord DeleteTrail(TimeSpan at, string identity) =>
        Make(at, identity, "cloudtrail.amazonaws.com", "DeleteTrail", "eu-west-1", """{"name":"audit-eu"}""", "null", host: "cloudtrail.eu-west-1.amazonaws.com");

    // ---- S3 ---------------------------------------------------------------------------------------------------

    private const string S3Xmlns = "\"xmlns\":\"http://s3.amazonaws.com/doc/2006-03-01/\"";

    public static CloudTrailRecord DisableLogging(TimeSpan at, string identity, string bucket, string? error = null) =>
        S3(at, identity, bucket, "PutBucketLogging", "\"logging\":\"\",\"BucketLoggingStatus\":{" + S3Xmlns + "}", error);

    public static CloudTrailRecord EnableLogging(TimeSpan at, string identity, string bucket) =>
        S3(at, identity, bucket, "PutBucketLogging",
            "\"logging\":\"\",\"BucketLoggingStatus\":{" + S3Xmlns + ",\"LoggingEnabled\":{\"TargetBucket\":\"acme-access-logs\",\"TargetPrefix\":\"" + bucket + "/\"}}");

    public static CloudTrailRecord PutVersioning(TimeSpan at, string identity, string bucket, string status, string? mfaDelete = null, string? error = null) =>
        S3(at, identity, bucket, "PutBucketVersioning",
            "\"versioning\":\"\",\"VersioningConfiguration\":{" + S3Xmlns + $",\"Status\":\"{status}\"" + (mfaDelete is null ? "" : $",\"MfaDelete\":\"{mfaDelete}\"") + "}", error);

    public static CloudTrailRecord DeleteEncryption(TimeSpan at, string identity, string bucket, string? error = null) =>
        S3(at, identity, bucket, "DeleteBucketEncryption", "\"encryption\":\"\"", error);

    public static CloudTrailRecord DeletePublicAccessBlock(TimeSpan at, string identity, string bucket, string? error = null) =>
        S3(at, identity, bucket, "DeleteBucketPublicAccessBlock", "\"publicAccessBlock\":\"\"", error);

    private static CloudTrailRecord S3(TimeSpan at, string identity, string bucket, string name, string parameters, string? error = null) =>
        Make(at, identity, "s3.amazonaws.com", name, "us-east-1",
            $$"""{"bucketName":"{{bucket}}","Host":"{{bucket}}.s3.us-east-1.amazonaws.com",{{parameters}}}""", "null",
            error: error is null ? null : (error, "Access Denied"),
            additional: """{"SignatureVersion":"SigV4","CipherSuite":"TLS_AES_128_GCM_SHA256","bytesTransferredIn":0,"AuthenticationMethod":"AuthHeader","x-amz-id-2":"EXAMPLEx7c2fQ2Vw8yqv9Yt4h3J0mR1kL5nP6sT8uW0zA2bC4dE6fG8hI0jK2lM4nO=","bytesTransferredOut":0}""",
            resources: $$"""[{"accountId":"{{Account}}","type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::{{bucket}}"}]""",
            host: $"{bucket}.s3.us-east-1.amazonaws.com");

    // ---- refused calls (reconnaissance) -----------------------------------------------------------------------

    /// <summary>One refused read, as an enumeration tool makes them: (eventSource, eventName, errorCode).</summary>
    public static readonly (string Source, string Name, string Error)[] ReconCalls =
    [
        ("iam.amazonaws.com", "ListUsers", "AccessDenied"),
        ("iam.amazonaws.com", "ListRoles", "AccessDenied"),
        ("iam.amazonaws.com", "GetAccountAuthorizationDetails", "AccessDenied"),
        ("s3.amazonaws.com", "ListBuckets", "AccessDenied"),
        ("ec2.amazonaws.com", "DescribeInstances", "Client.UnauthorizedOperation"),
        ("lambda.amazonaws.com", "ListFunctions20150331", "AccessDenied"),
        ("dynamodb.amazonaws.com", "ListTables", "AccessDenied"),
        ("rds.amazonaws.com", "DescribeDBInstances", "AccessDenied"),
        ("kms.amazonaws.com", "ListKeys", "AccessDenied"),
        ("secretsmanager.amazonaws.com", "ListSecrets", "AccessDenied"),
        ("cloudtrail.amazonaws.com", "DescribeTrails", "AccessDenied"),
        ("guardduty.amazonaws.com", "ListDetectors", "AccessDeniedException"),
    ];

    public static CloudTrailRecord Refused(TimeSpan at, string identity, int call, string? agent = null)
    {
        var (source, name, error) = ReconCalls[call];
        var service = source[..source.IndexOf('.', StringComparison.Ordinal)];
        return Make(at, identity, source, name, "us-east-1", "null", "null",
            error: (error, $"User: arn:aws:iam::{Account}:user/... is not authorized to perform: {service}:{name}"),
            agent: agent ?? "Boto3/1.34.103 md/Botocore#1.34.103 ua/2.0 os/linux#6.5.0 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.103",
            readOnly: true, host: $"{service}.us-east-1.amazonaws.com");
    }

    // ---- Secrets Manager --------------------------------------------------------------------------------------

    public static CloudTrailRecord GetSecretValue(TimeSpan at, string identity, string region, string secret = "prod/db", string? error = null) =>
        Make(at, identity, "secretsmanager.amazonaws.com", "GetSecretValue", region,
            $$"""{"secretId":"arn:aws:secretsmanager:{{region}}:{{Account}}:secret:{{secret}}-AbCdEf"}""", "null",
            error: error is null ? null : (error, "User is not authorized to perform: secretsmanager:GetSecretValue"),
            agent: "aws-sdk-java/2.25.40 Linux/6.1.84-99.169.amzn2023.x86_64 OpenJDK_64-Bit_Server_VM/17.0.11+9-LTS Java/17.0.11 vendor/Amazon.com_Inc. md/internal exec-env/AWS_ECS_EC2 io/sync http/Apache cfg/retry-mode/legacy",
            readOnly: true, host: $"secretsmanager.{region}.amazonaws.com",
            resources: $$"""[{"accountId":"{{Account}}","type":"AWS::SecretsManager::Secret","ARN":"arn:aws:secretsmanager:{{region}}:{{Account}}:secret:{{secret}}-AbCdEf"}]""");

    public static CloudTrailRecord BatchGetSecretValue(TimeSpan at, string identity, string region) =>
        Make(at, identity, "secretsmanager.amazonaws.com", "BatchGetSecretValue", region,
            """{"secretIdList":["prod/db","prod/api-key","prod/stripe"]}""", "null",
            agent: Cli, readOnly: true, host: $"secretsmanager.{region}.amazonaws.com");

    // ---- the record -------------------------------------------------------------------------------------------

    private static CloudTrailRecord Make(
        TimeSpan at,
        string identity,
        string source,
        string name,
        string region,
        string request,
        string response,
        (string Code, string Message)? error = null,
        string? additional = null,
        string? resources = null,
        string agent = Cli,
        string eventType = "AwsApiCall",
        bool readOnly = false,
        bool console = false,
        string host = "")
    {
        var time = T0 + at;
        var n = Interlocked.Increment(ref _next);
        var id = new Guid(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{name}/{n}"))[..16]).ToString();
        var errorFields = error is { } e
            ? (e.Code.Length > 0 ? $"\"errorCode\":\"{e.Code}\"," : "") + $"\"errorMessage\":\"{e.Message}\","
            : "";
        var json = $$"""
            {"eventVersion":"1.10","userIdentity":{{identity}},"eventTime":"{{time.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}}",
             "eventSource":"{{source}}","eventName":"{{name}}","awsRegion":"{{region}}","sourceIPAddress":"203.0.113.24","userAgent":"{{agent}}",
             {{errorFields}}"requestParameters":{{request}},"responseElements":{{response}},{{(additional is null ? "" : $"\"additionalEventData\":{additional},")}}
             "requestID":"{{Hex(id, 16)}}","eventID":"{{id}}","readOnly":{{(readOnly ? "true" : "false")}},{{(resources is null ? "" : $"\"resources\":{resources},")}}
             "eventType":"{{eventType}}","managementEvent":true,"recipientAccountId":"{{Account}}",{{(console ? "\"sessionCredentialFromConsole\":\"true\"," : "")}}
             "eventCategory":"Management","tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"{{host}}"
            """ + "}}";
        return new CloudTrailRecord(time, id, json);
    }

    /// <summary>Stable upper-case hex digits derived from a text, for key ids and principal ids.</summary>
    private static string Hex(string text, int length)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text));
        return Convert.ToHexString(hash)[..length];
    }
}
