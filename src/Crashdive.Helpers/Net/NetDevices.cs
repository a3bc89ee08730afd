using Crashdive.Helpers.Lists;
using Crashdive.Kernel;

namespace Crashdive.Helpers.Net;

/// <summary>Network devices of a namespace (<c>net-&gt;dev_base_head</c>) and their IPv4 addresses.</summary>
public static class NetDevices
{
    /// <summary>Most devices or addresses a walk visits.</summary>
    public const int MaxItems = 100_000;

    /// <summary>The <c>struct net_device</c>s of <paramref name="net"/> (<c>struct net</c>), in list order.</summary>
    public static IEnumerable<KObject> OfNamespace(KObject net) =>
        KernelList.Entries(net.Kernel, net.Member("dev_base_head").Address, net.Kernel.Type("struct net_device"), "dev_list", maxNodes: MaxItems);

    /// <summary>The device's name (<c>net_device.name</c>).</summary>
    public static string Name(KObject dev) => dev.Member("name").ReadString(16);

    /// <summary>The device name for a <c>struct net_device *</c> that may be NULL (empty then), or <c>(bad)</c> when unreadable.</summary>
    public static string NameOrEmpty(KObject devPointer)
    {
        try
        {
            return devPointer.ToUInt64() == 0 ? "" : Name(devPointer.Deref());
        }
        catch (Dumps.MemoryFaultException)
        {
            return "(bad)";
        }
    }

    /// <summary>ARPHRD_* hardware type (<c>net_device.type</c>).</summary>
    public static ushort HardwareType(KObject dev) => (ushort)dev.Member("type").ToUInt64();

    /// <summary>Hardware address length (<c>net_device.addr_len</c>).</summary>
    public static int AddressLength(KObject dev) => (int)dev.Member("addr_len").ToUInt64();

    /// <summary>
    /// The device's IPv4 addresses in network byte order as read (<c>ip_ptr-&gt;ifa_list</c>, then
    /// <c>ifa_next</c>), bounded.
    /// </summary>
    public static IReadOnlyList<uint> Ipv4Addresses(KObject dev)
    {
        var result = new List<uint>();
        KObject inDev = dev.Member("ip_ptr");
        if (inDev.ToUInt64() == 0)
            return result;
        KObject ifa = inDev.Member("ifa_list");
        var seen = new HashSet<ulong>();
        while (ifa.ToUInt64() != 0 && result.Count < MaxItems && seen.Add(ifa.ToUInt64()))
        {
            result.Add((uint)ifa.Member("ifa_address").ToUInt64());
            ifa = ifa.Member("ifa_next");
        }
        return result;
    }

    /// <summary>
    /// The device's IPv6 addresses (<c>ip6_ptr-&gt;addr_list</c>, <c>struct inet6_ifaddr</c> linked by
    /// <c>if_list</c>), in list order, bounded; empty when the device has no IPv6 state or the kernel no IPv6.
    /// </summary>
    public static IReadOnlyList<System.Net.IPAddress> Ipv6Addresses(KObject dev)
    {
        var result = new List<System.Net.IPAddress>();
        if (!dev.HasMember("ip6_ptr") || dev.Kernel.FindType("struct inet6_ifaddr") is not { } ifaddrType)
            return result;
        KObject inet6 = dev.Member("ip6_ptr");
        if (inet6.ToUInt64() == 0)
            return result;
        Span<byte> bytes = stackalloc byte[16];
        ulong head = inet6.Deref().Member("addr_list").Address;
        foreach (KObject ifa in KernelList.Entries(dev.Kernel, head, ifaddrType, "if_list", maxNodes: MaxItems))
        {
            if (!dev.Kernel.Memory.TryRead(ifa.Member("addr").Address, bytes))
                break;
            result.Add(new System.Net.IPAddress(bytes));
        }
        return result;
    }

    /// <summary>
    /// Every address of the device as crash's <c>net</c> lists them: the IPv4 ones, then the IPv6 ones in
    /// <c>inet_ntop</c>'s form.
    /// </summary>
    public static IEnumerable<string> AddressTexts(KObject dev)
    {
        foreach (uint a in Ipv4Addresses(dev))
            yield return Ipv4(a);
        foreach (var a in Ipv6Addresses(dev))
            yield return a.ToString();
    }

    /// <summary>Dotted-quad text of an IPv4 address held in network byte order (as <c>inet_ntoa</c>).</summary>
    public static string Ipv4(uint networkOrder) =>
        $"{networkOrder & 0xff}.{(networkOrder >> 8) & 0xff}.{(networkOrder >> 16) & 0xff}.{networkOrder >> 24}";
}
