using System.Globalization;
using System.Text.Json;
using TrailWatcher.Detection.Alerts;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Correlation;

/// <summary>Builds the alert of a correlation match: the group's values as context, every contributing event, and the rules that fed it.</summary>
public static class CorrelationAlertFactory
{
    /// <summary>The alert of one correlation match; <paramref name="source"/> names where its events were read.</summary>
    /// <param name="match">The decided match.</param>
    /// <param name="source">Where its events were read.</param>
    /// <param name="detectedAt">When the alert is raised.</param>
    /// <param name="tuned">The correlation's tuned severity and kind; null for the correlation as its file wrote it.</param>
    public static Alert Create(CorrelationMatch match, string source, DateTimeOffset detectedAt, TunedCorrelation? tuned = null)
    {
        ArgumentNullException.ThrowIfNull(match);
        var correlation = match.Correlation;
        var severity = tuned?.Severity ?? correlation.Severity;
        var context = new List<KeyValuePair<string, JsonElement>>();
        for (var i = 0; i < match.GroupBy.Count && i < match.GroupValues.Count; i++)
        {
            context.Add(new(match.GroupBy[i], DerivedField.TextValue(match.GroupValues[i])));
        }

        context.Add(new("correlation_type", DerivedField.TextValue(CorrelationTypeNames.Name(correlation.Type))));
        context.Add(new("correlated_rules", DerivedField.TextValue(string.Join(", ", correlation.Rules.Select(r => r.Text)))));
        context.Add(new("timespan", DerivedField.TextValue(correlation.Timespan.ToString("c", CultureInfo.InvariantCulture))));
        var first = match.FirstEventTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var last = match.LastEventTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return new Alert
        {
            Id = match.AlertId,
            RuleId = correlation.Id,
            Title = correlation.Title,
            Severity = severity,

            // A correlation has no risk score of its own: it follows the (tuned) severity.
            RiskScore = SeverityNames.DefaultRiskScore(severity),
            EventId = match.FirstEventId,
            EventTime = first,
            AccountId = Value(match, "recipientAccountId") ?? Value(match, "userIdentity.accountId"),
            Region = Value(match, "awsRegion"),
            Actor = Value(match, "userIdentity.arn"),
            SourceIp = Value(match, "sourceIPAddress"),
            Context = context,
            Mitre = correlation.Mitre,
            Tags = correlation.Tags,
            References = correlation.References,
            Runbook = correlation.Runbook ?? (string.IsNullOrWhiteSpace(correlation.Description) ? null : correlation.Description),
            Source = source,
            DetectedAt = detectedAt,
            Signal = tuned?.Signal ?? correlation.Signal,
            Count = (int)Math.Min(match.Count, int.MaxValue),
            FirstSeen = first,
            LastSeen = last,
            EventIds = match.EventIds,
        };
    }

    private static string? Value(CorrelationMatch match, string field)
    {
        for (var i = 0; i < match.GroupBy.Count && i < match.GroupValues.Count; i++)
        {
            if (string.Equals(match.GroupBy[i], field, StringComparison.Ordinal))
            {
                return match.GroupValues[i];
            }
        }

        return null;
    }
}
