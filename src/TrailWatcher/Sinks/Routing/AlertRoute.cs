using TrailWatcher.Detection.Alerts;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Sinks.Routing;

/// <summary>A sink's validated route: decides per alert whether the sink takes it.</summary>
internal sealed class AlertRoute
{
    private readonly Severity _minSeverity;
    private readonly WildcardPattern[] _rules;
    private readonly HashSet<string> _tags;
    private readonly HashSet<string> _accounts;

    private AlertRoute(Severity minSeverity, WildcardPattern[] rules, HashSet<string> tags, HashSet<string> accounts)
    {
        _minSeverity = minSeverity;
        _rules = rules;
        _tags = tags;
        _accounts = accounts;
    }

    /// <summary>Takes every alert.</summary>
    public static AlertRoute All { get; } = new(Severity.Info, [], [], []);

    /// <summary>True when the route lets some alerts pass by.</summary>
    public bool Filters => _minSeverity > Severity.Info || _rules.Length > 0 || _tags.Count > 0 || _accounts.Count > 0;

    /// <summary>Compiles validated settings.</summary>
    public static AlertRoute From(SinkRouteOptions options)
    {
        var severity = string.IsNullOrWhiteSpace(options.MinSeverity) ? Severity.Info
            : SeverityNames.TryParse(options.MinSeverity.Trim(), out var parsed) ? parsed
            : throw new ArgumentException($"'{options.MinSeverity}' is not a severity", nameof(options));
        return new AlertRoute(
            severity,
            [.. options.Rules.Select(r => new WildcardPattern(r.Trim(), ignoreCase: false))],
            new HashSet<string>(options.Tags.Select(t => t.Trim()), StringComparer.OrdinalIgnoreCase),
            new HashSet<string>(options.Accounts.Select(a => a.Trim()), StringComparer.OrdinalIgnoreCase));
    }

    public bool Admits(Alert alert) =>
        alert.Severity >= _minSeverity
        && (_rules.Length == 0 || _rules.Any(r => r.IsMatch(alert.RuleId)))
        && (_tags.Count == 0 || alert.Tags.Any(_tags.Contains))
        && (_accounts.Count == 0 || InAccounts(alert));

    // Alerts reach routes named by account (AlertDispatcher), so an environment or a name is read from the alert.
    private bool InAccounts(Alert alert) =>
        (alert.AccountId is { } id && _accounts.Contains(id))
        || (alert.Account?.Environment is { } environment && _accounts.Contains(environment))
        || (alert.Account?.Name is { } name && _accounts.Contains(name));
}
