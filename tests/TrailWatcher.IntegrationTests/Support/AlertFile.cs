using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace TrailWatcher.IntegrationTests.Support;

/// <summary>Reads the JSON-lines alert file the worker's file sink appends to, while the worker may still be writing.</summary>
internal static class AlertFile
{
    /// <summary>
    /// The seed rule's alerts among the complete lines (those ending in a newline); a missing file reads as no alerts.
    /// The tests plant seed events; other rules of the built-in pack (the combined S3 protection rule) fire on them too.
    /// </summary>
    public static IReadOnlyList<AlertLine> Read(string path) => [.. ReadAll(path).Where(a => a.RuleId == SeedEvents.RuleId)];

    /// <summary>Every complete line parsed, whichever rule raised it.</summary>
    public static IReadOnlyList<AlertLine> ReadAll(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        // The worker holds the file open for appending; share it rather than wait for it to close.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = reader.ReadToEnd();
        var complete = text[..(text.LastIndexOf('\n') + 1)];
        return [.. complete.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Parse)];
    }

    /// <summary>Event ids of the alerts in the file, with repeats.</summary>
    public static IReadOnlyList<string> EventIds(string path) => [.. Read(path).Select(a => a.EventId)];

    /// <summary>
    /// Polls the file until every id of <paramref name="eventIds"/> has alerted, the time is up, or
    /// <paramref name="stopWaiting"/> says there is no point (the worker died); gives whether they all appeared.
    /// </summary>
    public static Task<bool> WaitForEventIdsAsync(string path, IEnumerable<string> eventIds, TimeSpan timeout, Func<bool>? stopWaiting = null) =>
        WaitForEventIdsAsync([path], eventIds, timeout, stopWaiting);

    /// <summary>As the single-file overload, over the union of several workers' alert files.</summary>
    public static async Task<bool> WaitForEventIdsAsync(IReadOnlyList<string> paths, IEnumerable<string> eventIds, TimeSpan timeout, Func<bool>? stopWaiting = null)
    {
        var wanted = eventIds.ToHashSet(StringComparer.Ordinal);
        bool AllThere() => wanted.IsSubsetOf(paths.SelectMany(EventIds));
        var clock = Stopwatch.StartNew();
        while (!AllThere())
        {
            if (clock.Elapsed >= timeout || stopWaiting?.Invoke() == true)
            {
                return AllThere();
            }

            await Task.Delay(100);
        }

        return true;
    }

    private static AlertLine Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        return new AlertLine(
            root.GetProperty("id").GetString()!,
            root.GetProperty("rule_id").GetString()!,
            root.GetProperty("event_id").GetString()!,
            root.GetProperty("source").GetString()!,
            root.TryGetProperty("event_ids", out var ids) ? [.. ids.EnumerateArray().Select(i => i.GetString()!)] : []);
    }
}
