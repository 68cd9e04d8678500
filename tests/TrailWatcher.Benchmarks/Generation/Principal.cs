namespace TrailWatcher.Benchmarks.Generation;

/// <summary>A caller as CloudTrail's userIdentity describes it, with the address and client it usually calls from.</summary>
internal sealed record Principal(
    string Type,
    string PrincipalId,
    string Arn,
    string? AccessKeyId,
    string? UserName,
    string? RoleName,
    string? RoleArn,
    string? RolePrincipalId,
    string? InvokedBy,
    bool Ec2Instance,
    string SourceIp,
    string UserAgent);
