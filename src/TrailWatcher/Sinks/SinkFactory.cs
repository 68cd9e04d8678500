using Amazon.SQS;
using Microsoft.Extensions.Logging;
using TrailWatcher.Alerting;
using TrailWatcher.Aws;
using TrailWatcher.Detection.Accounts;
using TrailWatcher.Sinks.EventBridge;
using TrailWatcher.Sinks.OpenSearch;
using TrailWatcher.Sinks.Opsgenie;
using TrailWatcher.Sinks.PagerDuty;
using TrailWatcher.Sinks.Sns;
using TrailWatcher.Sinks.SplunkHec;
using TrailWatcher.Sinks.Syslog;
using TrailWatcher.Sinks.Sqs;
using TrailWatcher.Sinks.Teams;
using TrailWatcher.Sinks.Webhook;

namespace TrailWatcher.Sinks;

/// <summary>Builds the dispatcher with every enabled sink, each behind its own resilience pipeline.</summary>
internal static class SinkFactory
{
    /// <param name="options">Validated sink settings.</param>
    /// <param name="standardOutput">Where the console sink writes.</param>
    /// <param name="sqs">The worker's SQS client when it has one; null to build one (owned by the sink).</param>
    /// <param name="createSqs">Builds an SQS client from the AWS settings.</param>
    /// <param name="time">Clock of the retry and circuit-breaker delays.</param>
    /// <param name="loggers">Loggers.</param>
    /// <param name="aws">How the SNS and EventBridge sinks reach AWS (region, emulator endpoint); defaults when null.</param>
    /// <param name="accounts">Names the alerts' accounts before routes and sinks see them; null leaves alerts as raised.</param>
    public static AlertDispatcher Create(SinkOptions options, Func<Stream> standardOutput, IAmazonSQS? sqs, Func<IAmazonSQS> createSqs, TimeProvider time, ILoggerFactory loggers, AwsOptions? aws = null, AccountDirectory? accounts = null)
    {
        var logger = loggers.CreateLogger<ResilientSink>();
        var sinks = new List<ResilientSink>();
        if (options.Console.Enabled)
        {
            sinks.Add(ResilientSink.Create(new ConsoleAlertSink(standardOutput(), options.Console.Format), options.Console, time, logger));
        }

        if (options.File.Enabled)
        {
            sinks.Add(ResilientSink.Create(new FileAlertSink(options.File), options.File, time, logger));
        }

        if (options.SplunkHec.Enabled)
        {
            var splunk = new SplunkHecAlertSink(options.SplunkHec, time, logger);
            sinks.Add(ResilientSink.Create(splunk, options.SplunkHec, time, logger));
        }

        if (options.OpenSearch.Enabled)
        {
            var search = new OpenSearchAlertSink(options.OpenSearch, time, logger);
            sinks.Add(ResilientSink.Create(search, options.OpenSearch, time, logger));
        }

        if (options.Syslog.Enabled)
        {
            sinks.Add(ResilientSink.Create(new SyslogAlertSink(options.Syslog), options.Syslog, time, logger));
        }

        if (options.Webhook.Enabled)
        {
            sinks.Add(ResilientSink.Create(new WebhookAlertSink(options.Webhook, time), options.Webhook, time, logger));
        }

        if (options.Sqs.Enabled)
        {
            var sink = sqs is null ? new SqsAlertSink(createSqs(), options.Sqs, ownsClient: true) : new SqsAlertSink(sqs, options.Sqs, ownsClient: false);
            sinks.Add(ResilientSink.Create(sink, options.Sqs, time, logger));
        }

        if (options.PagerDuty.Enabled)
        {
            sinks.Add(ResilientSink.Create(new PagerDutyAlertSink(options.PagerDuty, time), options.PagerDuty, time, logger));
        }

        if (options.Opsgenie.Enabled)
        {
            sinks.Add(ResilientSink.Create(new OpsgenieAlertSink(options.Opsgenie, time), options.Opsgenie, time, logger));
        }

        if (options.Teams.Enabled)
        {
            sinks.Add(ResilientSink.Create(new TeamsAlertSink(options.Teams, time), options.Teams, time, logger));
        }

        if (options.Sns.Enabled)
        {
            sinks.Add(ResilientSink.Create(SnsAlertSink.Create(options.Sns, aws ?? new AwsOptions(), time), options.Sns, time, logger));
        }

        if (options.EventBridge.Enabled)
        {
            sinks.Add(ResilientSink.Create(EventBridgeAlertSink.Create(options.EventBridge, aws ?? new AwsOptions(), time), options.EventBridge, time, logger));
        }

        return new AlertDispatcher(sinks, loggers.CreateLogger<AlertDispatcher>(), accounts is null ? null : new AccountNaming(accounts));
    }
}
