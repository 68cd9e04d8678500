using System.Globalization;

namespace TrailWatcher.Benchmarks.Generation;

/// <summary>One AWS account's stable cast: callers, buckets, keys, functions, tables and instances that its records refer to.</summary>
internal sealed class AccountProfile
{
    private static readonly string[] Teams = ["orders", "billing", "search", "identity", "analytics", "payments", "catalog", "ingest"];
    private static readonly string[] Environments = ["prod", "staging", "dev"];
    private static readonly string[] People = ["alice.martin", "bob.nguyen", "carla.schmidt", "deepak.rao", "erin.obrien", "farid.haddad", "grace.kim", "hugo.lefevre"];
    private static readonly string[] Services = ["ec2.amazonaws.com", "lambda.amazonaws.com", "ecs-tasks.amazonaws.com", "cloudtrail.amazonaws.com", "s3.amazonaws.com"];

    private static readonly string[] UserAgents =
    [
        "aws-cli/2.15.30 Python/3.11.8 Linux/6.1.79-99.167.amzn2023.x86_64 exe/x86_64.amzn.2023",
        "aws-cli/2.13.25 Python/3.11.5 Darwin/23.1.0 exe/x86_64 prompt/off",
        "Boto3/1.34.64 md/Botocore#1.34.64 ua/2.0 os/linux#5.10.210 lang/python#3.12.2 Botocore/1.34.64",
        "aws-sdk-java/2.25.11 Linux/5.10.213 OpenJDK_64-Bit_Server_VM/17.0.10+7-LTS Java/17.0.10",
        "aws-sdk-go-v2/1.25.3 os/linux lang/go#1.22.1 md/GOOS#linux md/GOARCH#amd64",
        "aws-sdk-dotnet-coreclr/3.7.300.46 ua/2.0 OS/Linux lang/.NET_Core#8.0.3",
        "aws-internal/3 aws-sdk-java/1.12.660 Linux/5.10.213-179.855.amzn2int.x86_64",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36",
    ];

    private static readonly string[] DelegatingServices = ["s3.amazonaws.com", "secretsmanager.amazonaws.com", "lambda.amazonaws.com", "dynamodb.amazonaws.com"];

    private AccountProfile(string id) => Id = id;

    public string Id { get; }

    public List<Principal> Principals { get; } = [];

    public List<Principal> ServicePrincipals { get; } = [];

    /// <summary>Role sessions acting through another service (KMS calls made by S3, Secrets Manager, ...): invokedBy set, no TLS details.</summary>
    public List<Principal> DelegatedPrincipals { get; } = [];

    public List<string> Buckets { get; } = [];

    public List<string> KeyIds { get; } = [];

    public List<string> Functions { get; } = [];

    public List<string> Tables { get; } = [];

    public List<string> Roles { get; } = [];

    public List<string> InstanceIds { get; } = [];

    public List<string> VpcIds { get; } = [];

    public List<string> SecurityGroups { get; } = [];

    /// <summary>
    /// The interface endpoint a caller reaches a service through: each caller runs in one of the account's VPCs, and
    /// a VPC has one endpoint per service. Derived from the names alone, so generating it draws nothing.
    /// </summary>
    public string VpcEndpointId(string callerArn, string service)
    {
        var vpc = VpcIds[(int)(StableHash(callerArn) % (ulong)VpcIds.Count)];
        return "vpce-0" + (StableHash(Id + "/" + vpc + "/" + service) & 0xFFFF_FFFF_FFFF_FFFF).ToString("x16", CultureInfo.InvariantCulture);
    }

    // FNV-1a: stable across processes, unlike string.GetHashCode.
    private static ulong StableHash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    public List<string> Parameters { get; } = [];

    public List<string> LogGroups { get; } = [];

    public static AccountProfile Create(Random rng)
    {
        var account = new AccountProfile(TrailRandom.AccountId(rng));
        var id = account.Id;
        foreach (var team in Teams)
        {
            var env = TrailRandom.Pick(rng, Environments);
            account.Buckets.Add($"{team}-{env}-{TrailRandom.LowerAlnum(rng, 6)}");
            account.Functions.Add($"{team}-{env}-handler");
            account.Tables.Add($"{team}-{env}-state");
            account.Roles.Add($"{team}-{env}-role");
            account.KeyIds.Add(TrailRandom.Guid(rng));
            account.Parameters.Add($"/{team}/{env}/config/{TrailRandom.Pick(rng, (string[])["db-url", "api-key", "feature-flags", "queue-url"])}");
            account.LogGroups.Add($"/aws/lambda/{team}-{env}-handler");
        }

        for (var i = 0; i < 24; i++)
        {
            account.InstanceIds.Add(TrailRandom.AwsId(rng, "i-"));
        }

        for (var i = 0; i < 3; i++)
        {
            account.VpcIds.Add(TrailRandom.AwsId(rng, "vpc-"));
        }

        for (var i = 0; i < 8; i++)
        {
            account.SecurityGroups.Add(TrailRandom.AwsId(rng, "sg-"));
        }

        foreach (var person in People)
        {
            account.Principals.Add(new Principal(
                "IAMUser", "AIDA" + TrailRandom.Upper32(rng, 17), $"arn:aws:iam::{id}:user/{person}",
                "AKIA" + TrailRandom.Upper32(rng, 16), person, null, null, null, null, false,
                TrailRandom.PublicIp(rng), TrailRandom.Pick(rng, UserAgents)));
        }

        // Assumed roles dominate real trails: workloads on EC2, Lambda and ECS, and people through SSO.
        for (var i = 0; i < 24; i++)
        {
            var sso = i % 4 == 0;
            var roleName = sso
                ? $"AWSReservedSSO_{TrailRandom.Pick(rng, (string[])["AdministratorAccess", "ReadOnlyAccess", "PowerUserAccess"])}_{TrailRandom.HexString(rng, 16)}"
                : account.Roles[i % account.Roles.Count];
            var roleArn = sso ? $"arn:aws:iam::{id}:role/aws-reserved/sso.amazonaws.com/{roleName}" : $"arn:aws:iam::{id}:role/{roleName}";
            var ec2 = !sso && i % 3 == 1;
            var session = sso ? TrailRandom.Pick(rng, People) + "@example.com" : ec2 ? TrailRandom.Pick(rng, account.InstanceIds) : account.Functions[i % account.Functions.Count];
            var rolePrincipal = "AROA" + TrailRandom.Upper32(rng, 17);
            account.Principals.Add(new Principal(
                "AssumedRole", $"{rolePrincipal}:{session}", $"arn:aws:sts::{id}:assumed-role/{roleName}/{session}",
                "ASIA" + TrailRandom.Upper32(rng, 16), null, roleName, roleArn, rolePrincipal, null, ec2,
                ec2 ? $"10.{rng.Next(0, 256)}.{rng.Next(0, 256)}.{rng.Next(1, 255)}" : TrailRandom.PublicIp(rng),
                sso ? UserAgents[^1] : TrailRandom.Pick(rng, UserAgents)));
        }

        for (var i = 0; i < 12; i++)
        {
            var role = account.Principals[8 + (i * 2)];
            var service = DelegatingServices[i % DelegatingServices.Length];
            account.DelegatedPrincipals.Add(role with { InvokedBy = service, SourceIp = service, UserAgent = service, Ec2Instance = false });
        }

        foreach (var service in Services)
        {
            account.ServicePrincipals.Add(new Principal("AWSService", service, service, null, null, null, null, null, service, false, service, service));
        }

        return account;
    }
}
