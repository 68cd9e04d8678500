namespace TrailWatcher.Cli;

/// <summary>What the user gave <c>trail verify</c>: the trail's place, the key file, and the optional filters as typed.</summary>
internal sealed record TrailVerifyArguments(string Location, string PublicKeys, string? Start = null, string? End = null, string? AccountId = null, string? Region = null);
