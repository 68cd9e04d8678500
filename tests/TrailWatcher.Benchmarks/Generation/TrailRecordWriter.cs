using System.Globalization;
using System.Text.Json;

namespace TrailWatcher.Benchmarks.Generation;

/// <summary>Writes synthetic CloudTrail records for one account and region, keys in the order CloudTrail itself uses.</summary>
internal sealed class TrailRecordWriter(Utf8JsonWriter json, Random rng, AccountProfile account, string region)
{
    private static readonly EventKind PutBucketLogging = new("s3.amazonaws.com", "PutBucketLogging", 0, false);
    private static readonly string[] TlsCiphers = ["TLS_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "TLS_AES_256_GCM_SHA384"];
    private static readonly string[] ObjectPrefixes = ["exports/daily", "raw/events", "backups/db", "reports/monthly", "uploads/tmp", "athena-results", "model/artifacts"];
    private static readonly string[] ObjectSuffixes = [".parquet", ".json.gz", ".csv", ".tar.gz", ".png", ".avro"];
    private static readonly string[] Metrics = ["CPUUtilization", "NetworkIn", "Duration", "Errors", "Invocations", "ConsumedReadCapacityUnits", "ApproximateNumberOfMessagesVisible"];
    private static readonly string[] Namespaces = ["AWS/EC2", "AWS/Lambda", "AWS/DynamoDB", "AWS/SQS", "AWS/ApplicationELB"];

    private readonly List<(string Type, string Arn)> _resources = [];
    private bool _hasError;

    /// <summary>Writes one background record; returns its eventID.</summary>
    public string WriteBackground(DateTime eventTime)
    {
        var kind = EventCatalog.Pick(rng, region == "us-east-1");
        var principal = PickPrincipal(kind);
        // About 5 % of calls fail, as in real trails (access denied, throttling, missing objects).
        var error = rng.Next(100) < 5 ? ErrorFor(kind, principal) : default;
        return WriteRecord(kind, principal, eventTime, error.Code, error.Message, PlantKind.None);
    }

    /// <summary>Writes one planted PutBucketLogging record; returns its eventID.</summary>
    public string WritePlanted(DateTime eventTime, PlantKind plant)
    {
        var principal = account.Principals[rng.Next(account.Principals.Count)];
        return plant == PlantKind.AccessDeniedDecoy
            ? WriteRecord(PutBucketLogging, principal, eventTime, "AccessDenied", "Access Denied", plant)
            : WriteRecord(PutBucketLogging, principal, eventTime, null, null, plant);
    }

    private Principal PickPrincipal(EventKind kind)
    {
        if (kind.Name == "AssumeRole" && rng.Next(3) == 0)
        {
            return TrailRandom.Pick(rng, account.ServicePrincipals);
        }

        if (kind.Service == "kms")
        {
            // Most KMS traffic is services encrypting on someone's behalf, or on their own (CloudTrail, EBS).
            var roll = rng.Next(100);
            if (roll < 35)
            {
                return TrailRandom.Pick(rng, account.ServicePrincipals);
            }

            if (roll < 80)
            {
                return TrailRandom.Pick(rng, account.DelegatedPrincipals);
            }
        }

        // Direct calls split between IAM users (people, CI) and assumed roles.
        return rng.Next(100) < 55
            ? account.Principals[rng.Next(8)]
            : account.Principals[8 + rng.Next(account.Principals.Count - 8)];
    }

    private (string? Code, string? Message) ErrorFor(EventKind kind, Principal principal) => (kind.Service, rng.Next(4)) switch
    {
        ("s3", 0) when kind.Name == "GetObject" => ("NoSuchKey", "The specified key does not exist."),
        ("ec2", _) => ("Client.UnauthorizedOperation", "You are not authorized to perform this operation."),
        ("ssm", 0) => ("ParameterNotFound", null),
        ("dynamodb", 0) or ("logs", 0) => ("ResourceNotFoundException", "Requested resource not found"),
        (_, 1) => ("ThrottlingException", "Rate exceeded"),
        _ => ("AccessDenied", $"User: {principal.Arn} is not authorized to perform: {kind.Service}:{kind.Name} because no identity-based policy allows the {kind.Service}:{kind.Name} action"),
    };

    private string WriteRecord(EventKind kind, Principal principal, DateTime eventTime, string? errorCode, string? errorMessage, PlantKind plant)
    {
        _resources.Clear();
        _hasError = errorCode is not null;
        json.WriteStartObject();
        json.WriteString("eventVersion"u8, kind.DataEvent ? "1.09"u8 : "1.08"u8);
        WriteUserIdentity(principal, eventTime);
        json.WriteString("eventTime"u8, FormatTime(eventTime));
        json.WriteString("eventSource"u8, kind.Source);
        json.WriteString("eventName"u8, kind.Name);
        json.WriteString("awsRegion"u8, region);
        json.WriteString("sourceIPAddress"u8, principal.SourceIp);
        json.WriteString("userAgent"u8, principal.UserAgent);
        if (errorCode is not null)
        {
            json.WriteString("errorCode"u8, errorCode);
            if (errorMessage is not null)
            {
                json.WriteString("errorMessage"u8, errorMessage);
            }
        }

        WriteBody(kind, principal, eventTime, plant);
        if (kind.Name != "ConsoleLogin")
        {
            json.WriteString("requestID"u8, kind.Service == "s3" ? TrailRandom.UpperAlnum(rng, 16) : TrailRandom.Guid(rng));
        }

        var eventId = TrailRandom.Guid(rng);
        json.WriteString("eventID"u8, eventId);
        json.WriteBoolean("readOnly"u8, kind.ReadOnly);
        if (_resources.Count > 0)
        {
            json.WriteStartArray("resources"u8);
            foreach (var (type, arn) in _resources)
            {
                json.WriteStartObject();
                json.WriteString("accountId"u8, account.Id);
                json.WriteString("type"u8, type);
                json.WriteString("ARN"u8, arn);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteString("eventType"u8, kind.Name == "ConsoleLogin" ? "AwsConsoleSignIn"u8 : "AwsApiCall"u8);
        json.WriteBoolean("managementEvent"u8, !kind.DataEvent);
        json.WriteString("recipientAccountId"u8, account.Id);
        if (principal.Ec2Instance && rng.Next(2) == 0)
        {
            // An account reaches a service through the one interface endpoint its VPC has for it, so the id is fixed
            // per VPC and service; the draw is kept so the rest of the corpus stays as the seed made it.
            _ = TrailRandom.HexString(rng, 16);
            json.WriteString("vpcEndpointId"u8, account.VpcEndpointId(principal.Arn, kind.Service));
        }

        json.WriteString("eventCategory"u8, kind.DataEvent ? "Data"u8 : "Management"u8);
        if (principal.InvokedBy is null)
        {
            json.WriteStartObject("tlsDetails"u8);
            json.WriteString("tlsVersion"u8, "TLSv1.3"u8);
            json.WriteString("cipherSuite"u8, TlsCiphers[rng.Next(TlsCiphers.Length)]);
            json.WriteString("clientProvidedHostHeader"u8, Host(kind));
            json.WriteEndObject();
        }

        json.WriteEndObject();
        return eventId;
    }

    private void WriteUserIdentity(Principal principal, DateTime eventTime)
    {
        json.WriteStartObject("userIdentity"u8);
        json.WriteString("type"u8, principal.Type);
        if (principal.Type == "AWSService")
        {
            json.WriteString("invokedBy"u8, principal.InvokedBy);
            json.WriteEndObject();
            return;
        }

        json.WriteString("principalId"u8, principal.PrincipalId);
        json.WriteString("arn"u8, principal.Arn);
        json.WriteString("accountId"u8, account.Id);
        json.WriteString("accessKeyId"u8, principal.AccessKeyId);
        if (principal.UserName is not null)
        {
            json.WriteString("userName"u8, principal.UserName);
        }

        if (principal.RoleName is not null)
        {
            json.WriteStartObject("sessionContext"u8);
            json.WriteStartObject("sessionIssuer"u8);
            json.WriteString("type"u8, "Role"u8);
            json.WriteString("principalId"u8, principal.RolePrincipalId);
            json.WriteString("arn"u8, principal.RoleArn);
            json.WriteString("accountId"u8, account.Id);
            json.WriteString("userName"u8, principal.RoleName);
            json.WriteEndObject();
            json.WriteStartObject("webIdFederationData"u8);
            json.WriteEndObject();
            json.WriteStartObject("attributes"u8);
            json.WriteString("creationDate"u8, FormatTime(eventTime.AddSeconds(-rng.Next(5, 3600))));
            json.WriteString("mfaAuthenticated"u8, "false"u8);
            json.WriteEndObject();
            if (principal.Ec2Instance)
            {
                json.WriteString("ec2RoleDelivery"u8, "2.0"u8);
            }

            json.WriteEndObject();
        }

        if (principal.InvokedBy is not null)
        {
            json.WriteString("invokedBy"u8, principal.InvokedBy);
        }

        json.WriteEndObject();
    }

    private void WriteBody(EventKind kind, Principal principal, DateTime eventTime, PlantKind plant)
    {
        switch (kind.Service)
        {
            case "s3":
                WriteS3(kind, plant);
                break;
            case "kms":
                WriteKms(kind);
                break;
            case "sts":
                WriteSts(kind, principal, eventTime);
                break;
            case "ec2":
                WriteEc2(kind);
                break;
            case "iam":
                WriteIam(kind);
                break;
            case "lambda":
                WriteLambda(kind);
                break;
            case "monitoring":
                WriteMonitoring(kind, eventTime);
                break;
            case "ssm":
                WriteSsm(kind);
                break;
            case "logs":
                WriteLogs(kind);
                break;
            case "dynamodb":
                WriteDynamoDb(kind);
                break;
            case "signin":
                json.WriteNull("requestParameters"u8);
                json.WriteStartObject("responseElements"u8);
                json.WriteString("ConsoleLogin"u8, "Success"u8);
                json.WriteEndObject();
                json.WriteStartObject("additionalEventData"u8);
                json.WriteString("LoginTo"u8, "https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true"u8);
                json.WriteString("MobileVersion"u8, "No"u8);
                json.WriteString("MFAUsed"u8, "Yes"u8);
                json.WriteEndObject();
                break;
            default:
                WriteOther(kind);
                break;
        }
    }

    private void WriteS3(EventKind kind, PlantKind plant)
    {
        var bucket = TrailRandom.Pick(rng, account.Buckets);
        var bucketArn = "arn:aws:s3:::" + bucket;
        var host = $"{bucket}.s3.{region}.amazonaws.com";
        long bytesOut = 0;
        long bytesIn = 0;
        json.WriteStartObject("requestParameters"u8);
        switch (kind.Name)
        {
            case "ListBuckets":
                json.WriteString("Host"u8, $"s3.{region}.amazonaws.com");
                bytesOut = rng.Next(2_000, 9_000);
                break;
            case "GetObject" or "PutObject":
                var key = $"{TrailRandom.Pick(rng, ObjectPrefixes)}/{TrailRandom.LowerAlnum(rng, 10)}{TrailRandom.Pick(rng, ObjectSuffixes)}";
                json.WriteString("bucketName"u8, bucket);
                json.WriteString("Host"u8, host);
                json.WriteString("key"u8, key);
                if (kind.Name == "PutObject")
                {
                    json.WriteString("x-amz-server-side-encryption"u8, "aws:kms"u8);
                    bytesIn = rng.Next(200, 5_000_000);
                }
                else
                {
                    bytesOut = rng.Next(200, 5_000_000);
                }

                _resources.Add(("AWS::S3::Object", $"{bucketArn}/{key}"));
                break;
            case "ListObjects":
                json.WriteString("list-type"u8, "2"u8);
                json.WriteString("bucketName"u8, bucket);
                json.WriteString("encoding-type"u8, "url"u8);
                json.WriteString("prefix"u8, TrailRandom.Pick(rng, ObjectPrefixes) + "/");
                json.WriteString("max-keys"u8, "1000"u8);
                json.WriteString("Host"u8, host);
                bytesOut = rng.Next(500, 200_000);
                break;
            case "PutBucketLogging":
                json.WriteString("bucketName"u8, bucket);
                json.WriteStartObject("BucketLoggingStatus"u8);
                json.WriteString("xmlns"u8, "http://s3.amazonaws.com/doc/2006-03-01/"u8);
                if (plant == PlantKind.LoggingEnabledDecoy)
                {
                    json.WriteStartObject("LoggingEnabled"u8);
                    json.WriteString("TargetBucket"u8, TrailRandom.Pick(rng, account.Buckets));
                    json.WriteString("TargetPrefix"u8, $"access-logs/{bucket}/");
                    json.WriteEndObject();
                }

                json.WriteEndObject();
                json.WriteString("logging"u8, ""u8);
                json.WriteString("Host"u8, host);
                bytesIn = plant == PlantKind.LoggingEnabledDecoy ? 213 : 108;
                break;
            default:
                // Bucket sub-resource calls name the sub-resource as an empty parameter (acl, location, policy, ...).
                json.WriteString(SubResource(kind.Name), ""u8);
                json.WriteString("bucketName"u8, bucket);
                json.WriteString("Host"u8, host);
                bytesOut = rng.Next(300, 2_000);
                break;
        }

        json.WriteEndObject();
        if (kind.Name == "PutObject" && !_hasError)
        {
            json.WriteStartObject("responseElements"u8);
            json.WriteString("x-amz-server-side-encryption-aws-kms-key-id"u8, KeyArn());
            json.WriteString("x-amz-server-side-encryption"u8, "aws:kms"u8);
            json.WriteString("x-amz-version-id"u8, TrailRandom.Alphanumeric(rng, 32));
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("responseElements"u8);
        }

        json.WriteStartObject("additionalEventData"u8);
        json.WriteString("SignatureVersion"u8, "SigV4"u8);
        json.WriteString("CipherSuite"u8, TlsCiphers[rng.Next(TlsCiphers.Length)]);
        json.WriteNumber("bytesTransferredIn"u8, bytesIn);
        json.WriteString("AuthenticationMethod"u8, "AuthHeader"u8);
        json.WriteString("x-amz-id-2"u8, TrailRandom.Base64(rng, 57));
        json.WriteNumber("bytesTransferredOut"u8, _hasError ? 243 : bytesOut);
        json.WriteEndObject();
        if (kind.Name != "ListBuckets")
        {
            _resources.Add(("AWS::S3::Bucket", bucketArn));
        }

    }

    private static string SubResource(string eventName) => eventName switch
    {
        "GetBucketAcl" => "acl",
        "GetBucketLocation" => "location",
        "GetBucketPolicy" => "policy",
        "GetBucketEncryption" => "encryption",
        "GetBucketVersioning" => "versioning",
        "GetBucketLogging" => "logging",
        _ => "x-id",
    };

    private void WriteKms(EventKind kind)
    {
        var keyArn = KeyArn();
        json.WriteStartObject("requestParameters"u8);
        if (kind.Name != "Decrypt")
        {
            json.WriteString("keyId"u8, rng.Next(3) == 0 ? "alias/aws/s3" : keyArn);
        }

        if (kind.Name == "GenerateDataKey")
        {
            json.WriteString("keySpec"u8, "AES_256"u8);
        }

        if (kind.Name != "DescribeKey")
        {
            json.WriteString("encryptionAlgorithm"u8, "SYMMETRIC_DEFAULT"u8);
            json.WriteStartObject("encryptionContext"u8);
            switch (rng.Next(3))
            {
                case 0:
                    json.WriteString("aws:s3:arn"u8, $"arn:aws:s3:::{TrailRandom.Pick(rng, account.Buckets)}/{TrailRandom.Pick(rng, ObjectPrefixes)}/{TrailRandom.LowerAlnum(rng, 10)}");
                    break;
                case 1:
                    json.WriteString("aws:lambda:FunctionArn"u8, FunctionArn());
                    break;
                default:
                    json.WriteString("SecretARN"u8, $"arn:aws:secretsmanager:{region}:{account.Id}:secret:{TrailRandom.Pick(rng, account.Roles)}-{TrailRandom.Alphanumeric(rng, 6)}");
                    json.WriteString("SecretVersionId"u8, TrailRandom.Guid(rng).ToUpperInvariant());
                    break;
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteNull("responseElements"u8);
        _resources.Add(("AWS::KMS::Key", keyArn));
    }

    private void WriteSts(EventKind kind, Principal principal, DateTime eventTime)
    {
        if (kind.Name == "GetCallerIdentity")
        {
            json.WriteNull("requestParameters"u8);
            json.WriteNull("responseElements"u8);
            return;
        }

        var roleName = TrailRandom.Pick(rng, account.Roles);
        var roleArn = $"arn:aws:iam::{account.Id}:role/{roleName}";
        var session = principal.InvokedBy is not null ? TrailRandom.Pick(rng, account.InstanceIds) : $"session-{TrailRandom.HexString(rng, 12)}";
        json.WriteStartObject("requestParameters"u8);
        json.WriteString("roleArn"u8, roleArn);
        json.WriteString("roleSessionName"u8, session);
        json.WriteNumber("durationSeconds"u8, 3600);
        json.WriteEndObject();
        if (_hasError)
        {
            json.WriteNull("responseElements"u8);
        }
        else
        {
            var roleId = "AROA" + TrailRandom.Upper32(rng, 17);
            json.WriteStartObject("responseElements"u8);
            json.WriteStartObject("credentials"u8);
            json.WriteString("accessKeyId"u8, "ASIA" + TrailRandom.Upper32(rng, 16));
            json.WriteString("sessionToken"u8, TrailRandom.Base64(rng, rng.Next(90, 180)));
            json.WriteString("expiration"u8, eventTime.AddHours(1).ToString("MMM d, yyyy, h:mm:ss tt", CultureInfo.InvariantCulture));
            json.WriteEndObject();
            json.WriteStartObject("assumedRoleUser"u8);
            json.WriteString("assumedRoleId"u8, $"{roleId}:{session}");
            json.WriteString("arn"u8, $"arn:aws:sts::{account.Id}:assumed-role/{roleName}/{session}");
            json.WriteEndObject();
            if (kind.Name == "AssumeRoleWithWebIdentity")
            {
                json.WriteString("subjectFromWebIdentityToken"u8, $"system:serviceaccount:{roleName}:default");
                json.WriteString("provider"u8, $"arn:aws:iam::{account.Id}:oidc-provider/oidc.eks.{region}.amazonaws.com/id/{TrailRandom.HexString(rng, 32).ToUpperInvariant()}");
                json.WriteString("audience"u8, "sts.amazonaws.com"u8);
            }

            json.WriteEndObject();
        }

        _resources.Add(("AWS::IAM::Role", roleArn));
    }

    private void WriteEc2(EventKind kind)
    {
        json.WriteStartObject("requestParameters"u8);
        switch (kind.Name)
        {
            case "DescribeInstances" or "DescribeInstanceStatus":
                WriteItemSet("instancesSet"u8, "instanceId"u8, account.InstanceIds, rng.Next(0, 6));
                WriteFilterSet();
                if (kind.Name == "DescribeInstanceStatus")
                {
                    json.WriteBoolean("includeAllInstances"u8, rng.Next(2) == 0);
                }

                break;
            case "DescribeSecurityGroups":
                WriteItemSet("securityGroupSet"u8, "groupId"u8, account.SecurityGroups, 0);
                WriteItemSet("securityGroupIdSet"u8, "groupId"u8, account.SecurityGroups, rng.Next(1, 5));
                WriteFilterSet();
                break;
            case "DescribeVolumes":
                WriteItemSet("volumeSet"u8, "volumeId"u8, account.InstanceIds, 0);
                WriteFilterSet();
                break;
            case "CreateTags":
                WriteItemSet("resourcesSet"u8, "resourceId"u8, account.InstanceIds, rng.Next(1, 4));
                json.WriteStartObject("tagSet"u8);
                json.WriteStartArray("items"u8);
                foreach (var (key, value) in (ReadOnlySpan<(string, string)>)[("Name", TrailRandom.Pick(rng, account.Functions)), ("team", TrailRandom.Pick(rng, account.Roles)), ("cost-center", "cc-" + TrailRandom.HexString(rng, 4))])
                {
                    json.WriteStartObject();
                    json.WriteString("key"u8, key);
                    json.WriteString("value"u8, value);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
                break;
            default:
                WriteFilterSet();
                break;
        }

        json.WriteEndObject();
        if (kind.Name == "CreateTags" && !_hasError)
        {
            json.WriteStartObject("responseElements"u8);
            json.WriteString("requestId"u8, TrailRandom.Guid(rng));
            json.WriteBoolean("_return"u8, true);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("responseElements"u8);
        }
    }

    private void WriteItemSet(ReadOnlySpan<byte> name, ReadOnlySpan<byte> itemKey, List<string> pool, int count)
    {
        json.WriteStartObject(name);
        if (count > 0)
        {
            json.WriteStartArray("items"u8);
            for (var i = 0; i < count; i++)
            {
                json.WriteStartObject();
                json.WriteString(itemKey, TrailRandom.Pick(rng, pool));
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private void WriteFilterSet()
    {
        json.WriteStartObject("filterSet"u8);
        var filters = rng.Next(0, 3);
        if (filters > 0)
        {
            json.WriteStartArray("items"u8);
            for (var i = 0; i < filters; i++)
            {
                json.WriteStartObject();
                var byVpc = i == 0;
                json.WriteString("name"u8, byVpc ? "vpc-id"u8 : "instance-state-name"u8);
                json.WriteStartObject("valueSet"u8);
                json.WriteStartArray("items"u8);
                json.WriteStartObject();
                json.WriteString("value"u8, byVpc ? TrailRandom.Pick(rng, account.VpcIds) : "running");
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private void WriteIam(EventKind kind)
    {
        var roleName = TrailRandom.Pick(rng, account.Roles);
        switch (kind.Name)
        {
            case "ListRoles" or "ListUsers":
                json.WriteNull("requestParameters"u8);
                break;
            case "GetPolicy" or "GetPolicyVersion":
                json.WriteStartObject("requestParameters"u8);
                json.WriteString("policyArn"u8, $"arn:aws:iam::{account.Id}:policy/{roleName}-policy");
                if (kind.Name == "GetPolicyVersion")
                {
                    json.WriteString("versionId"u8, "v" + rng.Next(1, 6).ToString(CultureInfo.InvariantCulture));
                }

                json.WriteEndObject();
                break;
            case "PutRolePolicy":
                // CloudTrail logs the policy document as a string, so its quotes and newlines arrive escaped.
                json.WriteStartObject("requestParameters"u8);
                json.WriteString("roleName"u8, roleName);
                json.WriteString("policyName"u8, "inline-" + TrailRandom.LowerAlnum(rng, 6));
                json.WriteString("policyDocument"u8, $"{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {{\n      \"Effect\": \"Allow\",\n      \"Action\": [\"s3:GetObject\", \"s3:ListBucket\"],\n      \"Resource\": \"arn:aws:s3:::{TrailRandom.Pick(rng, account.Buckets)}/*\"\n    }}\n  ]\n}}");
                json.WriteEndObject();
                break;
            default:
                json.WriteStartObject("requestParameters"u8);
                json.WriteString("roleName"u8, roleName);
                json.WriteEndObject();
                break;
        }

        json.WriteNull("responseElements"u8);
    }

    private void WriteLambda(EventKind kind)
    {
        if (kind.Name == "ListFunctions20150331")
        {
            json.WriteNull("requestParameters"u8);
            json.WriteNull("responseElements"u8);
            return;
        }

        var arn = FunctionArn();
        json.WriteStartObject("requestParameters"u8);
        json.WriteString("functionName"u8, arn);
        json.WriteEndObject();
        json.WriteNull("responseElements"u8);
        if (kind.Name == "Invoke")
        {
            json.WriteStartObject("additionalEventData"u8);
            json.WriteString("functionVersion"u8, arn + ":$LATEST");
            json.WriteEndObject();
        }

        _resources.Add(("AWS::Lambda::Function", arn));
    }

    private void WriteMonitoring(EventKind kind, DateTime eventTime)
    {
        json.WriteStartObject("requestParameters"u8);
        if (kind.Name == "DescribeAlarms")
        {
            json.WriteStartArray("alarmNames"u8);
            for (var i = rng.Next(1, 5); i > 0; i--)
            {
                json.WriteStringValue($"{TrailRandom.Pick(rng, account.Functions)}-{TrailRandom.Pick(rng, Metrics)}-alarm");
            }

            json.WriteEndArray();
            json.WriteNumber("maxRecords"u8, 100);
        }
        else
        {
            json.WriteStartArray("metricDataQueries"u8);
            for (var i = rng.Next(1, 4); i > 0; i--)
            {
                json.WriteStartObject();
                json.WriteString("id"u8, "m" + i.ToString(CultureInfo.InvariantCulture));
                json.WriteStartObject("metricStat"u8);
                json.WriteStartObject("metric"u8);
                json.WriteString("namespace"u8, TrailRandom.Pick(rng, Namespaces));
                json.WriteString("metricName"u8, TrailRandom.Pick(rng, Metrics));
                json.WriteStartArray("dimensions"u8);
                json.WriteStartObject();
                json.WriteString("name"u8, "FunctionName"u8);
                json.WriteString("value"u8, TrailRandom.Pick(rng, account.Functions));
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteNumber("period"u8, 60);
                json.WriteString("stat"u8, "Average"u8);
                json.WriteEndObject();
                json.WriteBoolean("returnData"u8, true);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteString("startTime"u8, eventTime.AddHours(-3).ToString("MMM d, yyyy, h:mm:ss tt", CultureInfo.InvariantCulture));
            json.WriteString("endTime"u8, eventTime.ToString("MMM d, yyyy, h:mm:ss tt", CultureInfo.InvariantCulture));
        }

        json.WriteEndObject();
        json.WriteNull("responseElements"u8);
    }

    private void WriteSsm(EventKind kind)
    {
        json.WriteStartObject("requestParameters"u8);
        switch (kind.Name)
        {
            case "GetParameter":
                json.WriteString("name"u8, TrailRandom.Pick(rng, account.Parameters));
                json.WriteBoolean("withDecryption"u8, true);
                break;
            case "GetParameters":
                json.WriteStartArray("names"u8);
                for (var i = rng.Next(1, 7); i > 0; i--)
                {
                    json.WriteStringValue(TrailRandom.Pick(rng, account.Parameters));
                }

                json.WriteEndArray();
                json.WriteBoolean("withDecryption"u8, false);
                break;
            case "DescribeInstanceInformation":
                json.WriteStartArray("filters"u8);
                json.WriteStartObject();
                json.WriteString("key"u8, "InstanceIds"u8);
                json.WriteStartArray("values"u8);
                json.WriteStringValue(TrailRandom.Pick(rng, account.InstanceIds));
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteEndArray();
                break;
            default:
                var instance = TrailRandom.Pick(rng, account.InstanceIds);
                json.WriteString("instanceId"u8, instance);
                json.WriteString("agentVersion"u8, "3.3.131.0"u8);
                json.WriteString("agentStatus"u8, "Active"u8);
                json.WriteString("platformType"u8, "Linux"u8);
                json.WriteString("platformName"u8, "Amazon Linux"u8);
                json.WriteString("platformVersion"u8, "2023"u8);
                json.WriteString("iPAddress"u8, $"10.{rng.Next(0, 256)}.{rng.Next(0, 256)}.{rng.Next(1, 255)}");
                json.WriteString("computerName"u8, $"ip-10-0-{rng.Next(0, 256)}-{rng.Next(1, 255)}.{region}.compute.internal");
                json.WriteString("agentName"u8, "amazon-ssm-agent"u8);
                json.WriteString("availabilityZone"u8, region + (char)('a' + rng.Next(3)));
                json.WriteString("availabilityZoneId"u8, "use1-az" + rng.Next(1, 7).ToString(CultureInfo.InvariantCulture));
                json.WriteString("sSMConnectionChannel"u8, "ssmmessages"u8);
                break;
        }

        json.WriteEndObject();
        json.WriteNull("responseElements"u8);
    }

    private void WriteLogs(EventKind kind)
    {
        json.WriteStartObject("requestParameters"u8);
        if (kind.Name == "CreateLogStream")
        {
            json.WriteString("logGroupName"u8, TrailRandom.Pick(rng, account.LogGroups));
            json.WriteString("logStreamName"u8, $"2025/03/14/[$LATEST]{TrailRandom.HexString(rng, 32)}");
        }
        else
        {
            json.WriteString("logGroupNamePrefix"u8, "/aws/lambda/"u8);
            json.WriteNumber("limit"u8, 50);
        }

        json.WriteEndObject();
        json.WriteNull("responseElements"u8);
    }

    private void WriteDynamoDb(EventKind kind)
    {
        var table = TrailRandom.Pick(rng, account.Tables);
        json.WriteStartObject("requestParameters"u8);
        json.WriteString("tableName"u8, table);
        if (kind.Name != "DescribeTable")
        {
            json.WriteStartObject("key"u8);
            json.WriteString("pk"u8, "HIDDEN_DUE_TO_SECURITY_REASONS"u8);
            if (rng.Next(2) == 0)
            {
                json.WriteString("sk"u8, "HIDDEN_DUE_TO_SECURITY_REASONS"u8);
            }

            json.WriteEndObject();
            json.WriteBoolean("consistentRead"u8, kind.Name == "GetItem" && rng.Next(4) == 0);
        }

        json.WriteEndObject();
        json.WriteNull("responseElements"u8);
        json.WriteStartObject("additionalEventData"u8);
        json.WriteString("requestOrigin"u8, kind.DataEvent ? "ApplicationRequest"u8 : "Console"u8);
        json.WriteEndObject();
        _resources.Add(("AWS::DynamoDB::Table", $"arn:aws:dynamodb:{region}:{account.Id}:table/{table}"));
    }

    private void WriteOther(EventKind kind)
    {
        json.WriteStartObject("requestParameters"u8);
        switch (kind.Name)
        {
            case "GetSecretValue":
                json.WriteString("secretId"u8, $"arn:aws:secretsmanager:{region}:{account.Id}:secret:{TrailRandom.Pick(rng, account.Roles)}-{TrailRandom.Alphanumeric(rng, 6)}");
                break;
            case "GetAuthorizationToken":
                json.WriteStartArray("registryIds"u8);
                json.WriteStringValue(account.Id);
                json.WriteEndArray();
                break;
            default:
                json.WriteString("targetGroupArn"u8, $"arn:aws:elasticloadbalancing:{region}:{account.Id}:targetgroup/{TrailRandom.Pick(rng, account.Functions)}/{TrailRandom.HexString(rng, 16)}");
                break;
        }

        json.WriteEndObject();
        json.WriteNull("responseElements"u8);
    }

    private string Host(EventKind kind) => kind.Service switch
    {
        "s3" => $"s3.{region}.amazonaws.com",
        "iam" or "signin" => $"{kind.Service}.amazonaws.com",
        _ => $"{kind.Service}.{region}.amazonaws.com",
    };

    private string KeyArn() => $"arn:aws:kms:{region}:{account.Id}:key/{TrailRandom.Pick(rng, account.KeyIds)}";

    private string FunctionArn() => $"arn:aws:lambda:{region}:{account.Id}:function:{TrailRandom.Pick(rng, account.Functions)}";

    private static string FormatTime(DateTime time) => time.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture);
}
