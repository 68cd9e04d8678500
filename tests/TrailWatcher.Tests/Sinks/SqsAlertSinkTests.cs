using TrailWatcher.Sinks.Sqs;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Sinks;

public sealed class SqsAlertSinkTests
{
    [Fact]
    public void BuildRequest_FifoQueue_SetsDeduplicationAndGroupIdsAndAttributes()
    {
        using var sqs = new Amazon.SQS.AmazonSQSClient(new Amazon.Runtime.AnonymousAWSCredentials(), new Amazon.SQS.AmazonSQSConfig { ServiceURL = "http://127.0.0.1:9" });
        var sink = new SqsAlertSink(sqs, new SqsSinkOptions { QueueUrl = "http://127.0.0.1:9/000000000000/alerts.fifo" }, ownsClient: false);
        var alerts = SeedAlerts.Many(3);

        var request = sink.BuildRequest(alerts);

        Assert.Equal(["0", "1", "2"], request.Entries.Select(e => e.Id));
        Assert.Equal(alerts.Select(a => a.Id), request.Entries.Select(e => e.MessageDeduplicationId));
        Assert.All(request.Entries, e => Assert.Equal(SeedAlerts.RuleId, e.MessageGroupId));
        Assert.Equal("medium", request.Entries[0].MessageAttributes["severity"].StringValue);
        Assert.Equal(alerts[0].Id, request.Entries[0].MessageAttributes["alert_id"].StringValue);
        Assert.Equal(SeedAlerts.RuleId, request.Entries[0].MessageAttributes["rule_id"].StringValue);
        Assert.Equal(10, sink.MaxBatchSize);
    }

    [Fact]
    public void BuildRequest_StandardQueue_LeavesFifoFieldsUnset()
    {
        using var sqs = new Amazon.SQS.AmazonSQSClient(new Amazon.Runtime.AnonymousAWSCredentials(), new Amazon.SQS.AmazonSQSConfig { ServiceURL = "http://127.0.0.1:9" });
        var sink = new SqsAlertSink(sqs, new SqsSinkOptions { QueueUrl = "http://127.0.0.1:9/000000000000/alerts" }, ownsClient: false);

        var entry = Assert.Single(sink.BuildRequest(SeedAlerts.Many(1)).Entries);

        Assert.Null(entry.MessageDeduplicationId);
        Assert.Null(entry.MessageGroupId);
        Assert.Contains("trailwatcher.alert/1", entry.MessageBody, StringComparison.Ordinal);
    }
}
