using Crashdive.Arch.X86_64;
using Crashdive.Dumps;
using Crashdive.Memory;

namespace Crashdive.Tests.Memory;

/// <summary>Page walks over hand-built tables: 4 KiB, 2 MiB and 1 GiB pages, holes and bad entries.</summary>
public sealed class X86_64PageTableTests
{
    private const ulong P = 1, Rw = 2, Ps = 0x80, Nx = 1UL << 63;
    private const ulong Pgd = 0x1000, Pud = 0x2000, Pmd = 0x3000, Pte = 0x4000;
    private readonly SparseMemory _mem = new();
    private readonly X86_64PageTable _pt;

    // Layout:
    //   0xffff888000000000 (PGD 273, PUD 0): 1 GiB page -> phys 0x40000000
    //   0xffffffff80000000 (PGD 511, PUD 510): PMD table; PMD 0: 2 MiB page -> 0x200000;
    //                                           PMD 1: PTE table; PTE 3 -> 0x9000; PTE 4 not present
    //   PMD 2 points at a table outside memory
    public X86_64PageTableTests()
    {
        _mem.WriteU64(Pgd + 273 * 8, 0x5000 | P | Rw);
        _mem.WriteU64(0x5000 + 0 * 8, 0x4000_0000 | P | Rw | Ps | Nx);
        _mem.WriteU64(Pgd + 511 * 8, Pud | P);
        _mem.WriteU64(Pud + 510 * 8, Pmd | P);
        _mem.WriteU64(Pmd + 0 * 8, 0x20_0000 | P | Ps);
        _mem.WriteU64(Pmd + 1 * 8, Pte | P);
        _mem.WriteU64(Pmd + 2 * 8, 0x7_0000_0000 | P);
        _mem.WriteU64(Pte + 3 * 8, 0x9000 | P | Nx);
        _mem.WriteU64(Pte + 4 * 8, 0xa000);
        _mem.Write(0x9000 + 0x10, "hello\0"u8);
        _pt = new X86_64PageTable(_mem, Pgd | 0x18 /* flag bits in CR3 are ignored */, fiveLevel: false);
    }

    [Theory]
    [InlineData(0xffff888000123456UL, 0x40123456UL, 1UL << 30)]
    [InlineData(0xffffffff80012345UL, 0x212345UL, 1UL << 21)]
    [InlineData(0xffffffff80203010UL, 0x9010UL, 1UL << 12)]
    public void Translates(ulong virt, ulong phys, ulong size)
    {
        Assert.True(_pt.TryTranslate(virt, out ulong p, out ulong s, out var fault));
        Assert.Null(fault);
        Assert.Equal(phys, p);
        Assert.Equal(size, s);
    }

    [Theory]
    [InlineData(0xffffffff80204000UL, "PTE entry a000 not present")]
    [InlineData(0xffffffff80400000UL, "PTE entry at physical 700000000 is not in the dump")]
    [InlineData(0xffff900000000000UL, "PGD entry 0 not present")]
    [InlineData(0x0000900000000000UL, "non-canonical")]
    public void FaultsSayWhere(ulong virt, string expected)
    {
        Assert.False(_pt.TryTranslate(virt, out _, out _, out var fault));
        Assert.NotNull(fault);
        Assert.Equal(MemoryFaultKind.NotMapped, fault!.Kind);
        Assert.False(fault.IsPhysical);
        Assert.Contains(expected, fault.Message);
    }

    [Fact]
    public void FiveLevelCanonicalRange()
    {
        var five = new X86_64PageTable(_mem, Pgd, fiveLevel: true);
        Assert.True(five.IsCanonical(0xff00_0000_0000_0000UL));
        Assert.False(_pt.IsCanonical(0xff00_0000_0000_0000UL));
    }

    [Fact]
    public void VirtualReadsCrossIntoAHoleAndStop()
    {
        var space = new VirtualAddressSpace(_mem, _pt);
        var reader = new MemoryReader(space);
        Assert.Equal("hello", reader.ReadCString(0xffffffff80203010UL));
        var buf = new byte[0x20];
        // last 0x10 bytes of the mapped PTE page, then the unmapped next page
        Assert.Equal(0x10, space.Read(0xffffffff80203ff0UL, buf));
        var ex = Assert.Throws<MemoryFaultException>(() => reader.Read(0xffffffff80203ff0UL, buf));
        Assert.Equal(0xffffffff80204000UL, ex.Address);
        Assert.Contains("not present", ex.Message);
    }
}
