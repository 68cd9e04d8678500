using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary>Reads a CIDR block for <c>cidrMatch</c>: a network such as 10.0.0.0/8 or 2001:db8::/32, or a single address.</summary>
internal static class EqlNetworks
{
    public static bool TryParse(string text, [NotNullWhen(true)] out IPNetwork? network)
    {
        network = null;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            // Host bits set (10.0.0.1/8) usually mean a typo; refuse rather than guess, as native rules do.
            if (IPNetwork.TryParse(text, out var parsed)
                && IPAddress.TryParse(text.AsSpan(0, slash), out var written)
                && written.Equals(parsed.BaseAddress))
            {
                network = parsed;
                return true;
            }

            return false;
        }

        if (!IPAddress.TryParse(text, out var address))
        {
            return false;
        }

        network = new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
        return true;
    }
}
