using System.Text;
using Amazon.Runtime;
using TrailWatcher.Aws;
using TrailWatcher.Detection.Alerts;
using TrailWatcher.Detection.Integrity;
using TrailWatcher.Detection.Rules.Files;
using TrailWatcher.Integrity;
using TrailWatcher.Rules;
using TrailWatcher.Sources.S3;

namespace TrailWatcher.Cli;

/// <summary>The <c>verify PATH|s3://BUCKET[/PREFIX]</c> verb (and its older name <c>trail verify</c>): checks a trail's digests, log files and digest chains.</summary>
/// <remarks>
/// Findings are alert JSON lines on stdout, each also as a readable line on stderr; a table by account and region
/// and a total line end stderr. Exit 0 when everything verified, 1 when a problem was found (or no digest at all),
/// 2 for bad usage, keys or settings, or S3 that cannot be reached or read.
/// </remarks>
internal static class VerifyCommand
{
    public static async Task<int> RunAsync(VerifyArguments arguments, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var problems = new List<string>();
        var filter = arguments.Filter.Parse(problems);
        var remote = S3Location.Looks(arguments.Location);
        var location = remote ? S3Location.TryParse(arguments.Location) : null;
        if (remote && location is null)
        {
            problems.Add($"'{arguments.Location}' is not s3://BUCKET or s3://BUCKET/PREFIX");
        }
        else if (!remote && !Directory.Exists(arguments.Location))
        {
            problems.Add($"{arguments.Location}: no such directory (give a local copy of the trail, or s3://BUCKET[/PREFIX])");
        }

        var keys = arguments.PublicKeys is null ? null : LoadKeys(arguments.PublicKeys, problems);
        var (settings, settingProblems) = remote ? TrailVerifySettings.Load() : (null, []);
        problems.AddRange(settingProblems);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                await error.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
            }

            return ExitCodes.ConfigurationError;
        }

        var run = new Run(output, error, signaturesChecked: remote);
        try
        {
            if (remote)
            {
                using var s3 = AwsClientFactory.CreateS3(settings!.Aws, settings.S3.ForcePathStyle);
                var digests = await S3DigestLister.ListAsync(s3, location!.Bucket, location.Prefix, filter.AdmitsDigest, cancellationToken).ConfigureAwait(false);
                if (!await run.AnyAsync(digests, arguments.Location).ConfigureAwait(false))
                {
                    return ExitCodes.InputFailed;
                }

                if (keys is null)
                {
                    try
                    {
                        keys = await FetchKeysAsync(settings.Aws, digests, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is AmazonClientException or IOException or FormatException)
                    {
                        await error.WriteLineAsync($"error: cannot get CloudTrail's public keys (ListPublicKeys; or give --public-key FILE): {ex.Message}").ConfigureAwait(false);
                        return ExitCodes.ConfigurationError;
                    }
                }

                await run.VerifyAsync(new S3TrailObjectStore(s3, settings.S3), keys, location.Bucket, digests, subject => subject, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                if (arguments.PublicKeys is not null)
                {
                    await error.WriteLineAsync($"warning: --public-key {arguments.PublicKeys} is not used: a local copy keeps no signatures to check").ConfigureAwait(false);
                }

                var trail = LocalTrail.Open(arguments.Location, filter.AdmitsDigest);
                if (!await run.AnyAsync(trail.Digests, arguments.Location).ConfigureAwait(false))
                {
                    return ExitCodes.InputFailed;
                }

                // A copy keeps no signatures: the verifier checks hashes and links only, with no keys to check against.
                var listed = await run.VerifyAsync(trail, null, trail.Bucket, trail.Digests, trail.LocalSubject, cancellationToken).ConfigureAwait(false);
                foreach (var finding in UnlistedLogFiles.Find(trail, listed.Select(trail.PathOf).ToHashSet(StringComparer.Ordinal)))
                {
                    run.Report(finding, trail.LocalSubject);
                }
            }
        }
        catch (Exception ex) when (ex is AmazonClientException or HttpRequestException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"error: cannot read {arguments.Location}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.ConfigurationError;
        }

        await error.WriteLineAsync(run.Summary.Render(arguments.Location)).ConfigureAwait(false);
        return run.Summary.Problems == 0 ? ExitCodes.Success : ExitCodes.InputFailed;
    }

    /// <summary>Each region's keys for the hours its digests cover, from CloudTrail itself: keys are per region and rotate.</summary>
    private static async Task<TrailPublicKeySet> FetchKeysAsync(AwsOptions aws, IReadOnlyList<DigestObjectKey> digests, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var client = CloudTrailPublicKeys.Create(http, aws);
        var keys = new List<TrailPublicKey>();
        foreach (var region in digests.GroupBy(d => d.Region, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            keys.AddRange(await client.ListAsync(region.Key, region.Min(d => d.EndTime).AddHours(-1), region.Max(d => d.EndTime), cancellationToken).ConfigureAwait(false));
        }

        return new TrailPublicKeySet(keys);
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
            problems.Add($"--public-key: cannot read {path}: {ex.Message}");
        }
        catch (FormatException ex)
        {
            problems.Add(ex.Message);
        }

        return null;
    }

    /// <summary>One verification's output: findings as they come, progress, and the summary.</summary>
    private sealed class Run(TextWriter output, TextWriter error, bool signaturesChecked)
    {
        // The service raises digest findings under these rules; verify writes them the same way.
        private readonly IntegrityRules _rules = new(
            RuleLoader.LoadDirectories([Path.Combine(RuleCatalog.BuiltInDirectory, "trailwatcher", "integrity")], [], RuleTests.Skip));

        private VerifyProgress? _progress;

        public VerifySummary Summary { get; } = new(signaturesChecked);

        public async Task<bool> AnyAsync(IReadOnlyList<DigestObjectKey> digests, string location)
        {
            if (digests.Count > 0)
            {
                return true;
            }

            await error.WriteLineAsync($"error: no digest files under {location} for the time, accounts and regions given (is log file validation on for the trail?)").ConfigureAwait(false);
            return false;
        }

        /// <summary>Verifies, reporting each finding as it is found; gives the keys of the log files the digests listed.</summary>
        public async Task<IReadOnlyList<string>> VerifyAsync(ITrailObjectStore store, TrailPublicKeySet? keys, string bucket, IReadOnlyList<DigestObjectKey> digests, Func<string, string> source, CancellationToken cancellationToken)
        {
            foreach (var digest in digests)
            {
                Summary.Digest(digest);
            }

            var listed = new List<string>();
            using var progress = _progress = Console.IsErrorRedirected || !ReferenceEquals(error, Console.Error) ? null : new VerifyProgress(digests.Count);
            var observed = new ObservedTrailStore(store, key =>
            {
                if (DigestObjectKey.TryParse(key) is not null)
                {
                    progress?.DigestRead();
                    return;
                }

                listed.Add(key);
                Summary.LogFile(key);
                progress?.LogFileRead();
            });
            // Each finding goes out as soon as its digest is done: a year of digests takes a while.
            await new TrailVerifier(observed, keys).VerifyAsync(bucket, digests, f => { progress?.Problem(); Report(f, source); }, cancellationToken).ConfigureAwait(false);
            _progress = null;
            return listed;
        }

        public void Report(IntegrityFinding finding, Func<string, string> source)
        {
            Summary.Finding(finding);
            var where = source(finding.Subject);
            output.WriteLine(Encoding.UTF8.GetString(AlertJson.ToUtf8(FindingAlert.From(finding, where, DateTimeOffset.UtcNow, _rules))));
            // The progress line is redrawn within a quarter second; the finding must not be written after it on the same line.
            error.WriteLine((_progress is null ? "" : "\r\e[2K") + (finding with { Subject = where }).ToString());
        }
    }
}
