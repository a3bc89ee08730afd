using Crashdive.Helpers.Net;

namespace Crashdive.Tests.Net;

/// <summary><see cref="SkbChecks"/> on made-up sk_buff metadata: a healthy one, and one broken thing at a time.</summary>
public sealed class SkbChecksTests
{
    // A healthy received UDP packet: 14-byte MAC header at 2, IP at 16, UDP at 36, data after the UDP header.
    private static SkbLayout Healthy() => new()
    {
        Address = 0xffff888000100000, Head = 0xffff888000200000, Data = 0xffff888000200000 + 44, Tail = 56, End = 192,
        OffsetMode = true, Len = 12, DataLen = 0, Truesize = 768, Users = 1,
        MacHeader = 2, NetworkHeader = 16, TransportHeader = 36, InnerMacHeader = 0, InnerNetworkHeader = 0, InnerTransportHeader = 0,
        Encapsulation = false, Protocol = 0x0800, PktType = 0, IpSummed = 0, Next = 0, Prev = 0, Dev = 0, DevName = "", Sk = 0, Nfct = 0,
        Timestamp = 0, SharedInfoRead = true, MaxFrags = 17,
    };

    [Fact]
    public void HealthyPasses() => Assert.Empty(SkbChecks.Check(Healthy()));

    public static TheoryData<string, bool, string> Broken => new()
    {
        { "tail past end", true, "tail 300 is past end 192" },
        { "user-space head", true, "head 0x7fff00001000 is not a kernel address" },
        { "data before head", true, "is before head" },
        { "data_len above len", true, "data_len 40 is larger than len 12" },
        { "poisoned next", true, "poisoned list pointer" },
        { "tunnel gso without encapsulation", false, "gso_type has tunnel bits (UDP_TUNNEL) but encapsulation is 0" },
        { "inner equals outer", false, "inner header offsets equal the outer ones" },
        { "frags do not add up", false, "frags hold 100 bytes but data_len is 0" },
        { "header past end", false, "transport_header 500 is past end 192" },
        { "linear length", false, "linear length tail-data = 12 differs from len-data_len = 2" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void EachInconsistencyIsNamed(string what, bool fatal, string message)
    {
        var s = Healthy();
        s = what switch
        {
            "tail past end" => s with { Tail = 300 },
            "user-space head" => s with { Head = 0x7fff00001000, Data = 0x7fff00001000 + 44 },
            "data before head" => s with { Data = s.Head - 8 },
            "data_len above len" => s with { DataLen = 40 },
            "poisoned next" => s with { Next = 0xdead000000000100 },
            "tunnel gso without encapsulation" => s with { GsoType = 1 << 10, GsoSize = 1400, GsoSegs = 2 },
            "inner equals outer" => s with { Encapsulation = true, InnerNetworkHeader = 16, InnerTransportHeader = 36 },
            "frags do not add up" => s with { Frags = [new SkbFrag(0xffffea0000000000, 0, 100, 0xffff888000300000)], NrFrags = 1 },
            "header past end" => s with { TransportHeader = 500 },
            "linear length" => s with { Len = 12, DataLen = 10 },
            _ => throw new ArgumentException(what),
        };
        var problems = SkbChecks.Check(s);
        Assert.Contains(problems, p => p.Fatal == fatal && p.Message.Contains(message, StringComparison.Ordinal));
        Assert.Equal(fatal, SkbChecks.Refusal(s) != null);
    }
}
