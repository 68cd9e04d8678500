using System.Net;
using System.Text.Json;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary><c>cidr</c>: the value is an IP address inside one of the networks.</summary>
internal sealed class CidrCondition(FieldReader field, IPNetwork[] networks) : TextLeafCondition(field)
{
    /// <summary>The networks an address must fall in.</summary>
    public IPNetwork[] Networks { get; } = networks;

    public override bool Test(JsonElement value) => value.ValueKind == JsonValueKind.String && base.Test(value);

    protected override bool TestText(ReadOnlySpan<char> text) => IsInside(text);

    /// <summary>True when the text is an IP address inside one of the networks.</summary>
    public bool IsInside(ReadOnlySpan<char> text)
    {
        // IPAddress.TryParse accepts shorthands like "10.1"; CloudTrail never writes those, so they are not addresses here.
        if (!RecordText.TryParseAddress(text, out var address))
        {
            return false;
        }

        foreach (var network in Networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
