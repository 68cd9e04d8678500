using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;
using TrailWatcher.Configuration;
using TrailWatcher.Sinks.Routing;

namespace TrailWatcher.Sinks;

/// <summary>Checks every sink's section, its resilience settings included, each failure under its full setting name.</summary>
internal sealed class SinkOptionsValidator : IValidateOptions<SinkOptions>
{
    public ValidateOptionsResult Validate(string? name, SinkOptions options)
    {
        var failures = new List<string>();
        Check(failures, "Console", options.Console);
        Check(failures, "File", options.File);
        Check(failures, "SplunkHec", options.SplunkHec);
        Check(failures, "OpenSearch", options.OpenSearch);
        Check(failures, "Syslog", options.Syslog);
        Check(failures, "Webhook", options.Webhook);
        Check(failures, "Sqs", options.Sqs);
        Check(failures, "PagerDuty", options.PagerDuty);
        Check(failures, "Opsgenie", options.Opsgenie);
        Check(failures, "Teams", options.Teams);
        Check(failures, "Sns", options.Sns);
        Check(failures, "EventBridge", options.EventBridge);
        if (!options.AnyEnabled)
        {
            failures.Add($"{SinkOptions.Section}: no sink is enabled; set {SinkOptions.Section}:Console:Enabled=true, :File:Path, :Webhook:Url or :Sqs:QueueUrl");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check<[DynamicallyAccessedMembers(OptionsMembers.Bound)] TOptions>(List<string> failures, string sink, TOptions options)
        where TOptions : AlertSinkOptions
    {
        var section = $"{SinkOptions.Section}:{sink}";
        Collect(failures, new SectionValidator<TOptions>(section).Validate(null, options));
        Collect(failures, new SectionValidator<SinkResilienceOptions>($"{section}:Resilience").Validate(null, options.Resilience));
        Collect(failures, new SectionValidator<SinkRouteOptions>($"{section}:Route").Validate(null, options.Route));
    }

    private static void Collect(List<string> failures, ValidateOptionsResult result)
    {
        if (result.Failed)
        {
            failures.AddRange(result.Failures ?? []);
        }
    }
}
