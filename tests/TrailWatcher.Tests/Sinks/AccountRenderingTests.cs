using System.Buffers;
using System.Text.Json;
using TrailWatcher.Detection.Accounts;
using TrailWatcher.Detection.Alerts;
using TrailWatcher.Sinks.Opsgenie;
using TrailWatcher.Sinks.PagerDuty;
using TrailWatcher.Sinks.Syslog;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Sinks;

/// <summary>The paging and SIEM renderings show a named account; the chat ones are covered with the dispatcher (AccountNamingTests).</summary>
public sealed class AccountRenderingTests
{
    private static readonly Alert Named = SeedAlerts.LoggingDisabled("named") with { Account = new AccountInfo("111111111111", "payments-prod", "prod", "team-payments") };

    [Fact]
    public void PagerDuty_NamedAccount_InTheSummaryAndTheCustomDetails()
    {
        var payload = Json(w => PagerDutyEvent.Write(w, Named, new PagerDutySinkOptions())).GetProperty("payload");

        Assert.Contains("in payments-prod (111111111111, prod) / us-west-2", payload.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Equal("team-payments", payload.GetProperty("custom_details").GetProperty("account").GetProperty("owner").GetString());
    }

    [Fact]
    public void Opsgenie_NamedAccount_InTheDetailsAndTheDescription()
    {
        var alert = Json(w => OpsgenieAlert.Write(w, Named));
        var details = alert.GetProperty("details");

        Assert.Equal("payments-prod", details.GetProperty("account_name").GetString());
        Assert.Equal("prod", details.GetProperty("account_environment").GetString());
        Assert.Equal("team-payments", details.GetProperty("account_owner").GetString());
        Assert.Contains("Account / region: payments-prod (111111111111, prod) / us-west-2", alert.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Syslog_NamedAccount_InTheStructuredDataAndTheCefExtensions()
    {
        var rfc5424 = new SyslogMessage(new SyslogSinkOptions { Host = "siem" }, "tw-host", 1).Format(Named);
        var cef = new SyslogMessage(new SyslogSinkOptions { Host = "siem", Style = SyslogStyle.Cef }, "tw-host", 1).Format(Named);

        Assert.Contains(" account=\"111111111111\" accountName=\"payments-prod\" environment=\"prod\" owner=\"team-payments\" ", rfc5424, StringComparison.Ordinal);
        Assert.Contains(" cs6Label=accountName cs6=payments-prod flexString1Label=environment flexString1=prod flexString2Label=owner flexString2=team-payments ", cef, StringComparison.Ordinal);
    }

    [Fact]
    public void Syslog_UnnamedAccount_AddsNothing()
    {
        var rfc5424 = new SyslogMessage(new SyslogSinkOptions { Host = "siem" }, "tw-host", 1).Format(Named with { Account = null });
        var cef = new SyslogMessage(new SyslogSinkOptions { Host = "siem", Style = SyslogStyle.Cef }, "tw-host", 1).Format(Named with { Account = null });

        Assert.DoesNotContain("accountName", rfc5424, StringComparison.Ordinal);
        Assert.DoesNotContain("cs6", cef, StringComparison.Ordinal);
    }

    private static JsonElement Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return JsonDocument.Parse(buffer.WrittenMemory).RootElement.Clone();
    }
}
