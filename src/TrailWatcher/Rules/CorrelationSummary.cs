using TrailWatcher.Detection.Correlation;
using TrailWatcher.Detection.Rules;

namespace TrailWatcher.Rules;

/// <summary>One correlation as <c>rules list</c> shows it: tuned as it runs, the rules it reads, and the AWS services they watch.</summary>
internal sealed record CorrelationSummary(TunedCorrelation Tuned, string Severity, string Service)
{
    /// <summary>Always <c>correlation</c>: whether its matches are signals is <see cref="TunedCorrelation.Signal"/>.</summary>
    public const string Kind = "correlation";

    public CorrelationRule Correlation => Tuned.Correlation;

    /// <summary>The referenced rules and correlations as written, in order; an EQL sequence's until rule last, marked.</summary>
    public IReadOnlyList<string> References =>
        [.. Correlation.Rules.Select(r => r.Text), .. Correlation.Until is { } until ? new[] { $"until {until.Text}" } : []];

    public string TuningSummary => TuningCell.Of(Tuned.Tuning);

    public static CorrelationSummary Of(CorrelationRule correlation, CorrelationSet set, CorrelationTuningSet tuning)
    {
        ArgumentNullException.ThrowIfNull(correlation);
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(tuning);
        var tuned = tuning.For(correlation);
        var services = set.InputRules(correlation)
            .SelectMany(r => AwsServiceName.Of(r).Split(',', StringSplitOptions.RemoveEmptyEntries))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        return new CorrelationSummary(tuned, SeverityNames.Name(tuned.Severity), string.Join(",", services));
    }
}
