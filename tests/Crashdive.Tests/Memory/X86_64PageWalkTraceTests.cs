using Crashdive.Arch.X86_64;
using Crashdive.Commands.Memory;

namespace Crashdive.Tests.Memory;

/// <summary>The traced page walk vtop prints, on a hand-built page table, and crash's PTE table.</summary>
public sealed class X86_64PageWalkTraceTests
{
    private const ulong Pml4 = 0x1000, Pdpt = 0x2000, Pd = 0x3000, Pt = 0x4000;
    private readonly SparseMemory _mem = new();

    public X86_64PageWalkTraceTests()
    {
        // 0xffff888000000000 (PML4 index 273) -> PDPT; PDPT[0] -> PD; PD[0] -> PT (4K); PD[1] = 2 MiB page; PDPT[1] = 1 GiB page
        _mem.WriteU64(Pml4 + 273 * 8, Pdpt | 0x63);
        _mem.WriteU64(Pdpt + 0 * 8, Pd | 0x63);
        _mem.WriteU64(Pdpt + 1 * 8, 0x8000_0000UL | 0x1e3);
        _mem.WriteU64(Pd + 0 * 8, Pt | 0x63);
        _mem.WriteU64(Pd + 1 * 8, 0x20_0000UL | 0x1e3 | (1UL << 63));
        _mem.WriteU64(Pt + 5 * 8, 0x12_3000UL | 0x163);
        _mem.WriteU64(Pt + 6 * 8, 0x5_0000_0000UL); // not present, not zero (a swap entry)
    }

    private X86_64PageWalk Trace(ulong virt) => new X86_64PageTable(_mem, Pml4, fiveLevel: false).Trace(virt);

    [Fact]
    public void FourKilobytePage()
    {
        var w = Trace(0xffff_8880_0000_5123);
        Assert.True(w.Mapped);
        Assert.Equal(0x1000UL, w.PageSize);
        Assert.Equal(0x12_3123UL, w.Physical);
        Assert.Equal(["PGD", "PUD", "PMD", "PTE"], w.Steps.Select(s => s.Level));
        Assert.Equal(Pt + 5 * 8, w.Steps[3].EntryAddress);
        Assert.Equal(0x12_3163UL, w.Steps[3].Entry);
    }

    [Fact]
    public void LargePagesStopEarly()
    {
        var two = Trace(0xffff_8880_0020_1234);
        Assert.Equal((true, 0x20_0000UL, 0x20_1234UL, 3), (two.Mapped, two.PageSize, two.Physical, two.Steps.Count));
        var one = Trace(0xffff_8880_4000_1234);
        Assert.Equal((true, 1UL << 30, 0x8000_1234UL, 2), (one.Mapped, one.PageSize, one.Physical, one.Steps.Count));
    }

    [Fact]
    public void NotPresentEntriesEndTheWalk()
    {
        var w = Trace(0xffff_8880_0000_6000);
        Assert.False(w.Mapped);
        Assert.Equal(0x5_0000_0000UL, w.Last!.Value.Entry);
        var top = Trace(0xffff_c900_0000_0000);
        Assert.Single(top.Steps);
        Assert.Equal(0UL, top.Steps[0].Entry);
    }

    [Fact]
    public void MissingTablePageIsNamed()
    {
        _mem.WriteU64(Pd + 2 * 8, 0x7777_7000UL | 0x63); // PT page the memory does not hold
        var w = Trace(0xffff_8880_0040_0000);
        Assert.Equal(0x7777_7000UL, w.UnreadableTable);
        Assert.Equal("page table", w.UnreadableWhat);
    }

    [Theory]
    [InlineData(0x800000001c0001e1UL, "      PTE         PHYSICAL  FLAGS\n800000001c0001e1  1c000000  (PRESENT|ACCESSED|DIRTY|PSE|GLOBAL|NX)\n")]
    [InlineData(0x800000000ae001e3UL, "      PTE         PHYSICAL  FLAGS\n800000000ae001e3   ae00000  (PRESENT|RW|ACCESSED|DIRTY|PSE|GLOBAL|NX)\n")]
    [InlineData(0x11e5163UL, "  PTE    PHYSICAL  FLAGS\n11e5163   11e5000  (PRESENT|RW|ACCESSED|DIRTY|GLOBAL)\n")]
    [InlineData(0x1fUL, "PTE  PHYSICAL  FLAGS\n 1f      0     (PRESENT|RW|USER|PWT|PCD)\n")]
    [InlineData(0x5_0000_0100UL, "   PTE     PHYSICAL   FLAGS\n500000100  500000000  (PROTNONE|GLOBAL)\n")]
    [InlineData(0UL, "PTE  PHYSICAL  FLAGS\n 0       0     (no mapping)\n")]
    public void PteTableAsCrashPrintsIt(ulong pte, string expected) =>
        Assert.Equal(expected, VtopCommand.TranslatePte(pte, ((1UL << 46) - 1) & ~0xfffUL));
}
