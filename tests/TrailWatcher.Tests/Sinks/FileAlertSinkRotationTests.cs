using System.Text.Json;
using TrailWatcher.Sinks;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Sinks;

public sealed class FileAlertSinkRotationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("trailwatcher-rotation-").FullName;

    [Fact]
    public async Task Write_PastMaxBytes_RotatesKeepingEveryLineWholeAndNothingLost()
    {
        var path = Path.Combine(_directory, "alerts.jsonl");
        var lineLength = JsonLength();
        var maxBytes = lineLength * 3 + lineLength / 2;
        var alerts = SeedAlerts.Many(40);
        await using (var sink = new FileAlertSink(path, maxBytes, maxFiles: 100))
        {
            for (var start = 0; start < alerts.Count; start += 7)
            {
                await sink.WriteAsync([.. alerts.Skip(start).Take(7)], CancellationToken.None);
            }

            Assert.True(sink.Rotations > 5);
        }

        var files = Directory.GetFiles(_directory, "alerts.jsonl*");
        Assert.Contains(path + ".1", files);
        var ids = new List<string>();
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.InRange(bytes.Length, 1, maxBytes);
            Assert.Equal((byte)'\n', bytes[^1]);
            foreach (var line in await File.ReadAllLinesAsync(file))
            {
                ids.Add(JsonDocument.Parse(line).RootElement.GetProperty("id").GetString()!);
            }
        }

        Assert.Equal(alerts.Select(a => a.Id).Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Write_ManyRotations_KeepsOnlyMaxFilesNewestFirst()
    {
        var path = Path.Combine(_directory, "alerts.jsonl");
        await using (var sink = new FileAlertSink(path, maxBytes: JsonLength(), maxFiles: 2))
        {
            foreach (var alert in SeedAlerts.Many(5))
            {
                await sink.WriteAsync([alert], CancellationToken.None);
            }
        }

        Assert.Equal([path, path + ".1", path + ".2"], Directory.GetFiles(_directory).Order(StringComparer.Ordinal));
        Assert.Contains("\"e4\"", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
        Assert.Contains("\"e3\"", await File.ReadAllTextAsync(path + ".1"), StringComparison.Ordinal);
        Assert.Contains("\"e2\"", await File.ReadAllTextAsync(path + ".2"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_LineLongerThanMaxBytes_GetsAFileOfItsOwn()
    {
        var path = Path.Combine(_directory, "alerts.jsonl");
        await using (var sink = new FileAlertSink(path, maxBytes: 100, maxFiles: 5))
        {
            await sink.WriteAsync(SeedAlerts.Many(2), CancellationToken.None);
        }

        Assert.Single(await File.ReadAllLinesAsync(path));
        Assert.Single(await File.ReadAllLinesAsync(path + ".1"));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static int JsonLength() => TrailWatcher.Detection.Alerts.AlertJson.ToUtf8(SeedAlerts.LoggingDisabled("e0")).Length + 1;
}
