using System.Collections.Concurrent;
using System.Text.Json;

namespace TrailWatcher.IntegrationTests.Support;

/// <summary>
/// Watches the SQS calls passing <see cref="FaultProxy"/>: remembers each received message's body by its receipt
/// handle, and when a worker deletes a message asks the test whether that message's work is done (its alerts written).
/// </summary>
/// <remarks>The check runs before the delete reaches the emulator, so "done" is judged at the moment the worker decided it.</remarks>
internal sealed class SqsDeleteWatch(Func<string, string?> problemIfDeletedNow)
{
    private readonly ConcurrentDictionary<string, string> _bodies = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _problems = new();
    private int _deletes;

    /// <summary>Deletes seen so far.</summary>
    public int Deletes => Volatile.Read(ref _deletes);

    /// <summary>Every delete the test's check objected to, with its reason.</summary>
    public IReadOnlyList<string> Problems => [.. _problems];

    /// <summary>A ReceiveMessage answer (SQS JSON protocol).</summary>
    public void Received(ReadOnlySpan<byte> response)
    {
        using var document = JsonDocument.Parse(response.ToArray());
        if (!document.RootElement.TryGetProperty("Messages", out var messages))
        {
            return;
        }

        foreach (var message in messages.EnumerateArray())
        {
            _bodies[message.GetProperty("ReceiptHandle").GetString()!] = message.GetProperty("Body").GetString()!;
        }
    }

    /// <summary>A DeleteMessage or DeleteMessageBatch request, before it is forwarded.</summary>
    public void Deleting(ReadOnlySpan<byte> request)
    {
        using var document = JsonDocument.Parse(request.ToArray());
        var root = document.RootElement;
        var handles = root.TryGetProperty("Entries", out var entries)
            ? entries.EnumerateArray().Select(e => e.GetProperty("ReceiptHandle").GetString()!).ToList()
            : [root.GetProperty("ReceiptHandle").GetString()!];
        foreach (var handle in handles)
        {
            Interlocked.Increment(ref _deletes);
            if (!_bodies.TryGetValue(handle, out var body))
            {
                _problems.Enqueue($"a delete of a receipt handle never seen in a receive: {handle}");
            }
            else if (problemIfDeletedNow(body) is { } problem)
            {
                _problems.Enqueue(problem);
            }
        }
    }
}
