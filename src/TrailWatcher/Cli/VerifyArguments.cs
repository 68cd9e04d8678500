namespace TrailWatcher.Cli;

/// <summary>What the user gave <c>verify</c>: a local copy or s3:// location of the trail, an optional key file, and the filters as typed.</summary>
internal sealed record VerifyArguments(string Location, string? PublicKeys, TrailFilterArguments Filter);
