namespace Crashdive.Helpers.Net.Packets;

/// <summary>
/// One decoded header: its name (<c>Ethernet</c>, <c>VLAN</c>, <c>IPv4</c>, <c>IPv6</c>, <c>TCP</c>, <c>UDP</c>,
/// <c>ICMP</c>, <c>ICMPv6</c>, <c>GRE</c>, <c>VXLAN</c>, <c>IPIP</c>, <c>ARP</c>), where it starts, how deep in
/// tunnels it is, and its fields by name (numbers as <see cref="long"/>, addresses and flag lists as text).
/// </summary>
/// <param name="Name">The protocol.</param>
/// <param name="Offset">Offset of the header in the packet's bytes.</param>
/// <param name="Depth">0 for the outer packet, 1 inside the first tunnel, ...</param>
public sealed record PacketLayer(string Name, int Offset, int Depth)
{
    /// <summary>The header's fields in the order decoded (<c>src</c>, <c>dst</c>, <c>sport</c>, <c>dport</c>, <c>flags</c>...).</summary>
    public List<KeyValuePair<string, object>> Fields { get; } = [];

    /// <summary>Adds a field; returns this layer.</summary>
    public PacketLayer With(string name, object value)
    {
        Fields.Add(new(name, value));
        return this;
    }

    /// <summary>The field <paramref name="name"/>, or null.</summary>
    public object? this[string name]
    {
        get
        {
            foreach (var f in Fields)
            {
                if (f.Key == name)
                    return f.Value;
            }
            return null;
        }
    }
}
