using System.Net;
using System.Text.Json;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary><c>cidr</c>: the value is an IP address inside one of the networks.</summary>
internal sealed class CidrCondition(FieldReader field, IPNetwork[] networks) : TextLeafCondition(field)
{
    public override bool Test(JsonElement value) => value.ValueKind == JsonValueKind.String && base.Test(value);

    protected override bool TestText(ReadOnlySpan<char> text)
    {
        // IPAddress.TryParse accepts shorthands like "10.1"; CloudTrail never writes those, so they are not addresses here.
        if (!RecordText.TryParseAddress(text, out var address))
        {
            return false;
        }

        foreach (var network in networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
