namespace TrailWatcher.Tests.Support;

/// <summary>Waits for something that happens on another thread (a file written, a log line) without a fixed sleep.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"not within 10 s: {what}");
            }

            await Task.Delay(10);
        }
    }
}
