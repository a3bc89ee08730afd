using Crashdive.Dumps;

namespace Crashdive.Tests.Dumps;

/// <summary>Table-driven VMCOREINFO lines, including the awkward ones real kernels write.</summary>
public sealed class VmcoreInfoTests
{
    private const string Sample =
        "OSRELEASE=6.1.0-56-cloud-amd64\n" +
        "BUILD-ID=3b43fad5034874490492495d552c0af6a5fab235\n" +
        "PAGESIZE=4096\n" +
        "SYMBOL(init_uts_ns)=ffffffffadff9b60\n" +
        "OFFSET(uts_namespace.name)=0\n" +
        "SIZE(page)=64\n" +
        "LENGTH(zone.free_area)=11\n" +
        "NUMBER(phys_base)=-289406976\n" +
        "NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)=-129\n" +
        "KERNELOFFSET=2b400000\n" +
        "CRASHTIME=1795319361\n" +
        "this line has no equals sign\n" +
        "SYMBOL(broken)=zz\n" +
        "\0\0\0";

    private readonly VmcoreInfo _info = VmcoreInfo.Parse(Sample);

    [Fact]
    public void ReadsEveryKind()
    {
        Assert.Equal("6.1.0-56-cloud-amd64", _info.OsRelease);
        Assert.Equal("3b43fad5034874490492495d552c0af6a5fab235", _info.BuildId);
        Assert.Equal(4096, _info.PageSize);
        Assert.Equal(0xffffffffadff9b60UL, _info.Symbol("init_uts_ns"));
        Assert.Equal(0, _info.Offset("uts_namespace.name"));
        Assert.Equal(64, _info.Size("page"));
        Assert.Equal(11, _info.Length("zone.free_area"));
        Assert.Equal(0x2b400000UL, _info.KernelOffset);
        Assert.Equal(1795319361, _info.CrashTime);
    }

    [Fact]
    public void NegativeNumbersStaySigned()
    {
        // phys_base is negative when the kernel was loaded below its link address
        Assert.Equal(-289406976, _info.Number("phys_base"));
        Assert.Equal(0xffffffffeec00000UL, unchecked((ulong)_info.Number("phys_base")!.Value));
        Assert.Equal(-129, _info.Number("PAGE_BUDDY_MAPCOUNT_VALUE"));
    }

    [Theory]
    [InlineData("SYMBOL(broken)")]
    [InlineData("SYMBOL(missing)")]
    public void BadOrMissingValuesAreNull(string key) => Assert.Null(_info.Hex(key));

    [Fact]
    public void MalformedLinesAreKeptAside()
    {
        Assert.Equal(["this line has no equals sign"], _info.Malformed);
        Assert.DoesNotContain(_info.Keys, k => k.Contains('\0'));
    }

    [Fact]
    public void FirstValueWins()
    {
        var info = VmcoreInfo.Parse("OSRELEASE=a\nOSRELEASE=b\n");
        Assert.Equal("a", info.OsRelease);
    }
}
