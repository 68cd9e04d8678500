using System.Text;
using System.Text.Json;

namespace TrailWatcher.Detection.Rules.Testing;

/// <summary>Reads the single record of a CloudTrail log document built from a test event.</summary>
/// <remarks>
/// A stand-in for the production streaming reader: it is the one place to switch over once that reader exists,
/// so tests then exercise the exact bytes-to-candidates path records take in production.
/// </remarks>
internal static class TestRecordReader
{
    public static TestRecord ReadSingle(string logJson)
    {
        var document = JsonDocument.Parse(logJson);
        try
        {
            var records = document.RootElement.GetProperty("Records");
            if (records.GetArrayLength() != 1)
            {
                throw new InvalidOperationException($"expected exactly one record, found {records.GetArrayLength()}");
            }

            var record = records[0];
            return new TestRecord(document, record, TopLevelString(record, "eventSource"), TopLevelString(record, "eventName"));
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    // Empty when absent or not a string, matching the contract of RawRecord.
    private static byte[] TopLevelString(JsonElement record, string name) =>
        record.ValueKind == JsonValueKind.Object
        && record.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String
            ? Encoding.UTF8.GetBytes(value.GetString()!)
            : [];
}
