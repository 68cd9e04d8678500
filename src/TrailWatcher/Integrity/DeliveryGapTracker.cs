using System.Globalization;
using Microsoft.Extensions.Logging;
using TrailWatcher.Detection.Evaluation;

namespace TrailWatcher.Integrity;

/// <summary>Watches that every trail's digest arrives each hour: a missing one is a delivery gap, the next one ends it.</summary>
/// <remarks>
/// CloudTrail writes a digest every hour for each account and region of a trail with validation on, even when nothing
/// happened. The trails watched are those whose digests arrived (the chains in <see cref="IIntegrityState"/>) and the
/// configured <see cref="IntegrityOptions.Expect"/> entries, so a region that never delivered is caught too; for
/// those, the hour and grace count from this process's start.
/// </remarks>
internal sealed partial class DeliveryGapTracker(IIntegrityState state, IntegrityRules rules, IntegrityOptions options, TimeProvider time, ILogger<DeliveryGapTracker> logger)
{
    private static readonly TimeSpan DigestPeriod = TimeSpan.FromHours(1);
    private readonly DateTimeOffset _started = time.GetUtcNow();
    private readonly IReadOnlyList<ExpectedTrail> _expected = [.. options.Expect.Select(ExpectedTrail.TryParse).OfType<ExpectedTrail>()];

    /// <summary>Opens again gaps whose resumed alert did not reach the sinks, so the digest's retry raises it again.</summary>
    public async Task ReopenAsync(IEnumerable<(string Target, DateTimeOffset Since)> closed, CancellationToken cancellationToken)
    {
        foreach (var (target, since) in closed)
        {
            await state.OpenGapAsync(target, since, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Checks every watched trail now; the delivery-gap matches of trails whose gap just opened.</summary>
    /// <param name="opened">Given the trails whose gap this check opened, so a failed delivery can reopen them for the next check.</param>
    /// <param name="cancellationToken">Stops the check.</param>
    public async Task<IReadOnlyList<RuleMatch>> CheckAsync(List<string>? opened, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var chains = await state.ChainsAsync(cancellationToken).ConfigureAwait(false);
        var watched = new Dictionary<string, DateTimeOffset>(chains, StringComparer.Ordinal);
        foreach (var expected in _expected)
        {
            // An entry some arriving trail covers is watched through that trail.
            if (!chains.Keys.Any(c => ExpectedTrail.TryParse(c) is { } chain && expected.Covers(chain)))
            {
                watched.TryAdd(expected.Target, _started);
            }
        }

        var matches = new List<RuleMatch>();
        foreach (var (target, last) in watched)
        {
            var due = last + DigestPeriod + options.Grace;
            if (now <= due || !await state.OpenGapAsync(target, last, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            opened?.Add(target);
            var detail = last == _started && !chains.ContainsKey(target)
                ? string.Create(CultureInfo.InvariantCulture, $"no digest since this worker started at {_started:u}; expected one every hour (TrailWatcher:Integrity:Expect)")
                : string.Create(CultureInfo.InvariantCulture, $"the last digest ended at {last:u}; the next was due by {due:u} (one hour plus TrailWatcher:Integrity:GraceMinutes)");
            LogGap(logger, target, detail);
            if (rules.Match(IntegrityRuleIds.DeliveryGap, Identity(target, last), target, detail, ExpectedTrail.TryParse(target), now) is { } match)
            {
                matches.Add(match);
            }
        }

        return matches;
    }

    /// <summary>A verified digest of <paramref name="trail"/> arrived: the delivery-resumed matches of the gaps it closes.</summary>
    /// <param name="trail">The digest's trail, account and region.</param>
    /// <param name="closed">Given each gap closed and its last delivery, so a failed delivery can <see cref="ReopenAsync"/> them.</param>
    /// <param name="cancellationToken">Stops the update.</param>
    public async Task<IReadOnlyList<RuleMatch>> ArrivedAsync(ExpectedTrail trail, List<(string Target, DateTimeOffset Since)>? closed, CancellationToken cancellationToken)
    {
        var matches = new List<RuleMatch>();
        foreach (var target in _expected.Where(e => e.Covers(trail)).Select(e => e.Target).Append(trail.Target).Distinct(StringComparer.Ordinal))
        {
            if (await state.CloseGapAsync(target, cancellationToken).ConfigureAwait(false) is not { } since)
            {
                continue;
            }

            closed?.Add((target, since));
            var now = time.GetUtcNow();
            var detail = string.Create(CultureInfo.InvariantCulture, $"digests arrive again; none between {since:u} and {now:u}");
            LogResumed(logger, target, detail);
            if (rules.Match(IntegrityRuleIds.DeliveryResumed, Identity(target, since), target, detail, ExpectedTrail.TryParse(target), now) is { } match)
            {
                matches.Add(match);
            }
        }

        return matches;
    }

    /// <summary>Checks every <see cref="IntegrityOptions.GapCheckSeconds"/> until stopped, handing each check's matches to <paramref name="raise"/>.</summary>
    public async Task RunAsync(DigestValidator.Raise raise, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.GapCheckSeconds), time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                var opened = new List<string>();
                var matches = await CheckAsync(opened, cancellationToken).ConfigureAwait(false);
                if (!await raise("delivery gaps", matches, cancellationToken).ConfigureAwait(false))
                {
                    // Not told: closed again, so the next check opens them again and raises them again.
                    LogNotDelivered(logger, matches.Count);
                    foreach (var target in opened)
                    {
                        await state.CloseGapAsync(target, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch (TrailWatcher.Pipeline.PipelineClosedException)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogCheckFailed(logger, ex);
            }
        }
    }

    private static string Identity(string target, DateTimeOffset last) => string.Create(CultureInfo.InvariantCulture, $"{target}\n{last.UtcTicks}");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trail delivery gap for {Target}: {Detail}")]
    private static partial void LogGap(ILogger logger, string target, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trail delivery resumed for {Target}: {Detail}")]
    private static partial void LogResumed(ILogger logger, string target, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} delivery gap alerts did not reach every sink")]
    private static partial void LogNotDelivered(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivery gap check failed; the next check tries again")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
