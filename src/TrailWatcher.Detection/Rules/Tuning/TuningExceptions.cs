using TrailWatcher.Detection.Rules.Loading;

namespace TrailWatcher.Detection.Rules.Tuning;

/// <summary>How a tuning entry's exceptions attach to a rule or a correlation, and how those already expired are reported.</summary>
internal static class TuningExceptions
{
    private const int IdsNamedInWarning = 3;

    /// <summary>
    /// Attaches the entry's exceptions to <c>exceptions</c>, noting each in <c>changes</c>; one already past its expiry at
    /// <c>now</c> is not attached but recorded in <c>expired</c> under <c>id</c>, and a second exception of one name is
    /// an error (<c>kind</c>, <c>rule</c> or <c>correlation</c>, names the owner in messages).
    /// </summary>
    public static void Add(
        TuningEntry entry,
        string kind,
        string id,
        DateTimeOffset now,
        List<ExceptionClause> exceptions,
        List<TuningChange> changes,
        List<RuleLoadError> errors,
        Dictionary<ExceptionClause, List<string>> expired)
    {
        foreach (var exception in entry.Exceptions)
        {
            if (!exception.AppliesAt(now))
            {
                (expired.TryGetValue(exception, out var ids) ? ids : expired[exception] = []).Add(id);
                changes.Add(new TuningChange("expired_exception", exception.Name, exception.File, exception.Line));
                continue;
            }

            if (exceptions.Find(e => e.Name == exception.Name) is { } earlier)
            {
                // The name labels the suppression metric: two exceptions of one rule or correlation must not share it.
                errors.Add(new RuleLoadError(exception.File, exception.Line, exception.Column, $"exception '{exception.Name}' is already defined for {kind} {id} ({earlier.File}:{earlier.Line}); give each exception of a {kind} its own name"));
                continue;
            }

            exceptions.Add(exception);
            changes.Add(new TuningChange("exception", exception.Name, exception.File, exception.Line));
        }
    }

    /// <summary>One warning per expired exception, naming the rules (or correlations: <paramref name="kind"/>) it was meant for.</summary>
    public static List<TuningWarning> Warnings(Dictionary<ExceptionClause, List<string>> expired, string kind) =>
        [.. expired.Select(e => new TuningWarning(e.Key.File, e.Key.Line,
            $"exception '{e.Key.Name}' of {Named(e.Value, kind)} (owner {e.Key.Owner}) expired on {e.Key.Expires:yyyy-MM-dd} and no longer applies"))];

    private static string Named(List<string> ids, string kind) => ids.Count switch
    {
        1 => $"{kind} {ids[0]}",
        <= IdsNamedInWarning => $"{kind}s {string.Join(", ", ids)}",
        _ => $"{kind}s {string.Join(", ", ids.Take(IdsNamedInWarning))} and {ids.Count - IdsNamedInWarning} more",
    };
}
