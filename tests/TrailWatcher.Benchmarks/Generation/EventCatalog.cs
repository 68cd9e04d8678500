namespace TrailWatcher.Benchmarks.Generation;

/// <summary>Background API calls and their weights, shaped after busy production trails (KMS, STS, S3 and EC2 describes lead).</summary>
internal static class EventCatalog
{
    private const string S3 = "s3.amazonaws.com";
    private const string Kms = "kms.amazonaws.com";
    private const string Sts = "sts.amazonaws.com";
    private const string Ec2 = "ec2.amazonaws.com";
    private const string Iam = "iam.amazonaws.com";

    // PutBucketLogging is absent on purpose: it appears only where the generator plants it.
    public static readonly EventKind[] Kinds =
    [
        new(S3, "GetObject", 70, true, DataEvent: true),
        new(S3, "PutObject", 25, false, DataEvent: true),
        new(S3, "ListObjects", 15, true, DataEvent: true),
        new(S3, "ListBuckets", 6, true),
        new(S3, "GetBucketAcl", 14, true),
        new(S3, "GetBucketLocation", 12, true),
        new(S3, "GetBucketPolicy", 5, true),
        new(S3, "GetBucketEncryption", 5, true),
        new(S3, "GetBucketVersioning", 4, true),
        new(S3, "GetBucketLogging", 3, true),
        new(Kms, "Decrypt", 95, true),
        new(Kms, "GenerateDataKey", 40, true),
        new(Kms, "Encrypt", 8, true),
        new(Kms, "DescribeKey", 10, true),
        new(Sts, "AssumeRole", 80, true),
        new(Sts, "GetCallerIdentity", 45, true),
        new(Sts, "AssumeRoleWithWebIdentity", 10, true),
        new(Ec2, "DescribeInstances", 40, true),
        new(Ec2, "DescribeRouteTables", 18, true),
        new(Ec2, "DescribeSecurityGroups", 18, true),
        new(Ec2, "DescribeVolumes", 10, true),
        new(Ec2, "DescribeSubnets", 10, true),
        new(Ec2, "DescribeVpcs", 8, true),
        new(Ec2, "DescribeNetworkInterfaces", 10, true),
        new(Ec2, "DescribeInstanceStatus", 10, true),
        new(Ec2, "DescribeAccountAttributes", 12, true),
        new(Ec2, "DescribeRegions", 10, true),
        new(Ec2, "CreateTags", 4, false),
        new(Iam, "GetRole", 12, true, Global: true),
        new(Iam, "ListRoles", 5, true, Global: true),
        new(Iam, "ListAttachedRolePolicies", 8, true, Global: true),
        new(Iam, "GetPolicy", 6, true, Global: true),
        new(Iam, "GetPolicyVersion", 6, true, Global: true),
        new(Iam, "ListUsers", 3, true, Global: true),
        new(Iam, "PutRolePolicy", 2, false, Global: true),
        new("lambda.amazonaws.com", "Invoke", 25, false, DataEvent: true),
        new("lambda.amazonaws.com", "GetFunction20150331v2", 6, true),
        new("lambda.amazonaws.com", "ListFunctions20150331", 4, true),
        new("monitoring.amazonaws.com", "GetMetricData", 20, true),
        new("monitoring.amazonaws.com", "DescribeAlarms", 18, true),
        new("ssm.amazonaws.com", "GetParameter", 22, true),
        new("ssm.amazonaws.com", "GetParameters", 10, true),
        new("ssm.amazonaws.com", "DescribeInstanceInformation", 15, true),
        new("ssm.amazonaws.com", "UpdateInstanceInformation", 20, false),
        new("logs.amazonaws.com", "CreateLogStream", 20, false),
        new("logs.amazonaws.com", "DescribeLogGroups", 8, true),
        new("dynamodb.amazonaws.com", "GetItem", 25, true, DataEvent: true),
        new("dynamodb.amazonaws.com", "Query", 15, true, DataEvent: true),
        new("dynamodb.amazonaws.com", "PutItem", 12, false, DataEvent: true),
        new("dynamodb.amazonaws.com", "DescribeTable", 12, true),
        new("secretsmanager.amazonaws.com", "GetSecretValue", 15, true),
        new("ecr.amazonaws.com", "GetAuthorizationToken", 8, true),
        new("elasticloadbalancing.amazonaws.com", "DescribeTargetHealth", 8, true),
        new("signin.amazonaws.com", "ConsoleLogin", 1, false, Global: true),
    ];

    private static readonly int[] Cumulative = BuildCumulative();

    public static EventKind Pick(Random rng, bool globalAllowed)
    {
        while (true)
        {
            var roll = rng.Next(Cumulative[^1]);
            var index = Array.BinarySearch(Cumulative, roll + 1);
            var kind = Kinds[index < 0 ? ~index : index];
            // Global services log into us-east-1 only; other regions' files never hold them.
            if (globalAllowed || !kind.Global)
            {
                return kind;
            }
        }
    }

    private static int[] BuildCumulative()
    {
        var sums = new int[Kinds.Length];
        var total = 0;
        for (var i = 0; i < Kinds.Length; i++)
        {
            total += Kinds[i].Weight;
            sums[i] = total;
        }

        return sums;
    }
}
