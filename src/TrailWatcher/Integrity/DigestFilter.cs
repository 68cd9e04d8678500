using TrailWatcher.Detection.Integrity;

namespace TrailWatcher.Integrity;

/// <summary>Which digests a verification covers: by account, region, and end time (inclusive), each optional.</summary>
internal sealed record DigestFilter(string? AccountId, string? Region, DateTimeOffset? Start, DateTimeOffset? End)
{
    public bool Admits(DigestObjectKey key) =>
        (AccountId is null || key.AccountId == AccountId)
        && (Region is null || key.Region == Region)
        && (Start is null || key.EndTime >= Start)
        && (End is null || key.EndTime <= End);
}
