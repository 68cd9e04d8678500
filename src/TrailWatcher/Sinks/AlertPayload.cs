using System.Reflection;
using System.Text.Json;
using TrailWatcher.Detection.Alerts;

namespace TrailWatcher.Sinks;

/// <summary>Writes one alert in a sink's configured <see cref="AlertFormat"/>.</summary>
internal static class AlertPayload
{
    /// <summary>TrailWatcher's version without the source-revision suffix, as OCSF's <c>metadata.product.version</c>.</summary>
    public static string ProductVersion { get; } = ReadVersion();

    public static void Write(Utf8JsonWriter writer, Alert alert, AlertFormat format)
    {
        if (format == AlertFormat.Ocsf)
        {
            OcsfDetectionFinding.Write(writer, alert, ProductVersion);
        }
        else
        {
            AlertJson.Write(writer, alert);
        }
    }

    public static byte[] ToUtf8(Alert alert, AlertFormat format)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(2048);
        using (var writer = AlertJson.CreateWriter(buffer))
        {
            Write(writer, alert, format);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string ReadVersion()
    {
        var version = typeof(AlertPayload).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
