using System.Globalization;
using Amazon.Runtime;
using TrailWatcher.Aws;
using TrailWatcher.Detection.Integrity;
using TrailWatcher.Integrity;

namespace TrailWatcher.Cli;

/// <summary>The <c>trail verify s3://BUCKET[/PREFIX] --public-keys FILE</c> verb: checks a trail's digests, log files and digest chains.</summary>
/// <remarks>
/// One line per problem on stdout, then a summary. Exit 0 when everything verified, 1 when a problem was found (or no
/// digest at all), 2 for bad usage, a bad key file or settings, or S3 that cannot be reached or read.
/// </remarks>
internal static class TrailVerifyCommand
{
    public static async Task<int> RunAsync(TrailVerifyArguments arguments, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var problems = new List<string>();
        var (bucket, prefix) = ParseLocation(arguments.Location, problems);
        var filter = new DigestFilter(arguments.AccountId, arguments.Region, ParseTime("--start", arguments.Start, problems), ParseTime("--end", arguments.End, problems));
        if (arguments.AccountId is { } account && (account.Length != 12 || !account.All(char.IsAsciiDigit)))
        {
            problems.Add($"--account: '{account}' is not a 12-digit AWS account id");
        }

        var keys = LoadKeys(arguments.PublicKeys, problems);
        var (settings, settingProblems) = TrailVerifySettings.Load();
        problems.AddRange(settingProblems);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                await error.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
            }

            return ExitCodes.ConfigurationError;
        }

        using var s3 = AwsClientFactory.CreateS3(settings.Aws, settings.S3.ForcePathStyle);
        TrailReport report;
        try
        {
            var digests = await S3DigestLister.ListAsync(s3, bucket!, prefix!, filter, cancellationToken).ConfigureAwait(false);
            if (digests.Count == 0)
            {
                await output.WriteLineAsync($"no digest files under {arguments.Location} for the account, region and time given (is log file validation on for the trail?)").ConfigureAwait(false);
                return ExitCodes.InputFailed;
            }

            // Each problem is printed as soon as its digest is done: a year of digests takes a while.
            report = await new TrailVerifier(new S3TrailObjectStore(s3, settings.S3), keys!).VerifyAsync(bucket!, digests, f => output.WriteLine(f.ToString()), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AmazonClientException or HttpRequestException or IOException)
        {
            await error.WriteLineAsync($"error: cannot read {arguments.Location}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.ConfigurationError;
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{arguments.Location}: {report.Digests} digests ({report.BackfillDigests} backfill), {report.LogFiles} log files checked, {report.Findings.Count} problems")).ConfigureAwait(false);
        return report.Verified ? ExitCodes.Success : ExitCodes.InputFailed;
    }

    private static (string? Bucket, string? Prefix) ParseLocation(string location, List<string> problems)
    {
        const string scheme = "s3://";
        var rest = location.StartsWith(scheme, StringComparison.Ordinal) ? location[scheme.Length..] : null;
        var slash = rest?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        var bucket = slash < 0 ? rest : rest![..slash];
        if (string.IsNullOrEmpty(bucket))
        {
            problems.Add($"'{location}' is not s3://BUCKET or s3://BUCKET/PREFIX");
            return (null, null);
        }

        return (bucket, slash < 0 ? "" : rest![(slash + 1)..]);
    }

    private static DateTimeOffset? ParseTime(string option, string? text, List<string> problems)
    {
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }

        problems.Add($"{option}: '{text}' is not a time such as 2024-01-15T10:00:00Z");
        return null;
    }

    private static TrailPublicKeySet? LoadKeys(string path, List<string> problems)
    {
        try
        {
            var keys = TrailPublicKeySet.Parse(File.ReadAllText(path), path);
            if (keys.Count == 0)
            {
                problems.Add($"{path}: PublicKeyList is empty");
            }

            return keys;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add($"--public-keys: cannot read {path}: {ex.Message}");
        }
        catch (FormatException ex)
        {
            problems.Add(ex.Message);
        }

        return null;
    }
}
