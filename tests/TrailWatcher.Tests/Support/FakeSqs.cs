using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace TrailWatcher.Tests.Support;

/// <summary>An in-memory queue behind the SDK client's own methods: receive long-polls until a message is sent, and every receive, delete and visibility change is recorded.</summary>
/// <remarks>Only the calls the SQS source makes are overridden; any other call would go to an endpoint nobody listens on, and fail.</remarks>
internal sealed class FakeSqs() : AmazonSQSClient(new AnonymousAWSCredentials(), new AmazonSQSConfig { ServiceURL = "http://127.0.0.1:9" })
{
    public const string QueueUrl = "http://127.0.0.1:9/000000000000/trail";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly Queue<Message> _visible = new();
    private readonly List<SqsCall> _calls = [];
    private readonly List<(Func<SqsCall, bool> Match, TaskCompletionSource Seen)> _watchers = [];
    private TaskCompletionSource _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>While set, every receive fails with it, as a queue that is gone or refuses us does.</summary>
    public Exception? ReceiveFailure { get; set; }

    public IReadOnlyList<SqsCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public void Send(params Message[] messages)
    {
        lock (_gate)
        {
            foreach (var message in messages)
            {
                _visible.Enqueue(message);
            }

            _sent.TrySetResult();
        }
    }

    /// <summary>Completes once a call matching <paramref name="match"/> was made (possibly already).</summary>
    public async Task WaitForAsync(Func<SqsCall, bool> match, string what)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_calls.Any(match))
            {
                return;
            }

            _watchers.Add((match, seen));
        }

        try
        {
            await seen.Task.WaitAsync(Patience);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no {what} within {Patience.TotalSeconds} s; calls: {string.Join(", ", Calls)}");
        }
    }

    public override async Task<ReceiveMessageResponse> ReceiveMessageAsync(ReceiveMessageRequest request, CancellationToken cancellationToken = default)
    {
        Record(new SqsCall(SqsCall.Receive, MaxMessages: request.MaxNumberOfMessages));
        while (true)
        {
            Task sent;
            lock (_gate)
            {
                if (ReceiveFailure is { } failure)
                {
                    throw failure;
                }

                if (_visible.Count > 0)
                {
                    var messages = new List<Message>();
                    while (_visible.Count > 0 && messages.Count < (request.MaxNumberOfMessages ?? 1))
                    {
                        messages.Add(_visible.Dequeue());
                    }

                    return new ReceiveMessageResponse { Messages = messages };
                }

                if (_sent.Task.IsCompleted)
                {
                    _sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                sent = _sent.Task;
            }

            await sent.WaitAsync(cancellationToken);
        }
    }

    public override Task<DeleteMessageResponse> DeleteMessageAsync(string queueUrl, string receiptHandle, CancellationToken cancellationToken = default)
    {
        Record(new SqsCall(SqsCall.Delete, receiptHandle));
        return Task.FromResult(new DeleteMessageResponse());
    }

    public override Task<ChangeMessageVisibilityResponse> ChangeMessageVisibilityAsync(ChangeMessageVisibilityRequest request, CancellationToken cancellationToken = default)
    {
        Record(new SqsCall(SqsCall.ChangeVisibility, request.ReceiptHandle, VisibilityTimeout: request.VisibilityTimeout));
        return Task.FromResult(new ChangeMessageVisibilityResponse());
    }

    private void Record(SqsCall call)
    {
        lock (_gate)
        {
            _calls.Add(call);
            foreach (var watcher in _watchers.Where(w => w.Match(call)).ToList())
            {
                watcher.Seen.TrySetResult();
                _watchers.Remove(watcher);
            }
        }
    }
}
