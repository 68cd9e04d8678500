using System.Text.Json;
using TrailWatcher.Detection.Alerts;
using TrailWatcher.Detection.Rules;

namespace TrailWatcher.Sinks.Http;

/// <summary>The short texts paging and chat services show for an alert: one-line summary, kind label, context values.</summary>
internal static class AlertText
{
    /// <summary>"[HIGH] Title (rule) by actor in account/region"; an update or a signal says so first.</summary>
    public static string Summary(Alert alert) =>
        $"[{SeverityNames.Name(alert.Severity).ToUpperInvariant()}] {Label(alert)}{alert.Title} ({alert.RuleId}) by {alert.Actor ?? "unknown actor"} in {Place(alert)}";

    /// <summary>Where, for a reader: "account/region", or "name (id, environment) / region" once the account is named.</summary>
    public static string Place(Alert alert) => alert.Account is null ? Where(alert) : $"{Account(alert)} / {alert.Region ?? "?"}";

    /// <summary>The account as a person knows it: "payments-prod (111122223333, prod)"; the bare id, or '?', when it has no names.</summary>
    public static string Account(Alert alert)
    {
        if (alert.Account is not { } account)
        {
            return alert.AccountId ?? "?";
        }

        var details = string.Join(", ", new[] { account.Name is null ? null : account.Id, account.Environment }.OfType<string>());
        var head = account.Name ?? account.Id;
        return details.Length == 0 ? head : $"{head} ({details})";
    }

    /// <summary>"account/region", with '?' for what the record did not say.</summary>
    public static string Where(Alert alert) => $"{alert.AccountId ?? "?"}/{alert.Region ?? "?"}";

    // A reader must tell at a glance that a message adds to an alert already raised, or will not page anyone.
    public static string Label(Alert alert) => alert.Kind switch
    {
        AlertKind.Update => $"Update ({alert.Count} matches so far): ",
        AlertKind.Signal => "Signal: ",
        _ => "",
    };

    /// <summary>The key a paging service groups an alert under: an update carries its alert's id, so it lands on the same incident.</summary>
    public static string GroupKey(Alert alert) => alert.UpdateOf ?? alert.Id;

    public static string Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Null or JsonValueKind.Undefined => "null",
        _ => value.GetRawText(),
    };

    /// <summary>True for an absolute http(s) URL, the only links worth making clickable.</summary>
    public static bool IsWebUrl(string text, out Uri url) =>
        Uri.TryCreate(text.Trim(), UriKind.Absolute, out url!) && url.Scheme is "http" or "https";

    public static string Truncate(string text, int limit) => text.Length <= limit ? text : string.Concat(text.AsSpan(0, limit - 1), "…");
}
