using Crashdive.Dumps;
using Xunit;
using static Crashdive.Tests.Dumps.ElfCoreBuilder;

namespace Crashdive.Tests.Dumps;

/// <summary>
/// Hand-built malformed ELF cores: each is refused with one line naming the file, the exact
/// offset of the bad value and what is wrong, never a stack trace, a hang or a huge allocation.
/// </summary>
public sealed class ElfMalformedTests
{
    /// <summary>A valid core: one PT_NOTE (PRSTATUS, VMCOREINFO), two PT_LOADs in the direct map.</summary>
    internal static ElfCoreImage Basic() => new ElfCoreBuilder()
        .Prstatus(1, 0xffffffff81000000)
        .VmcoreInfo("OSRELEASE=6.1.0-test\nPAGESIZE=4096\n")
        .Load(0x0, Pattern(0x2000, 1), vaddr: 0xffff888000000000)
        .Load(0x5000, Pattern(0x1000, 2), memsz: 0x2000, vaddr: 0xffff888000005000)
        .Build();

    private const string OnlyX86 = "only ELF64 little-endian x86-64";

    /// <summary>name → (bytes, offset expected in the message, reason expected).</summary>
    private static readonly Dictionary<string, Func<(byte[] Bytes, long Offset, string Reason)>> Table = new()
    {
        ["elf32-i386"] = () => (Basic().With(b => { b[4] = 1; PutU16(b, 18, 3); }), 4,
            $"ELF32 little-endian core for Intel 80386 (EM_386): ELF32 cores are not supported, {OnlyX86}"),
        ["big-endian-ppc64"] = () => (Basic().With(b =>
            {
                b[5] = 2;
                b[16] = 0; b[17] = 4;  // ET_CORE, big-endian
                b[18] = 0; b[19] = 21; // EM_PPC64, big-endian
            }), 5,
            $"ELF64 big-endian core for PowerPC64 (EM_PPC64): big-endian cores are not supported, {OnlyX86}"),
        ["aarch64"] = () => (Basic().With(b => PutU16(b, 18, 183)), 0x12,
            "ELF64 little-endian core for AArch64 (EM_AARCH64): only x86-64 (EM_X86_64) cores are supported"),
        ["unknown-machine"] = () => (Basic().With(b => PutU16(b, 18, 0x4109)), 0x12,
            "ELF64 little-endian core for Unknown (0x4109): only x86-64 (EM_X86_64) cores are supported"),
        ["bad-class"] = () => (Basic().With(b => b[4] = 9), 4, "invalid ELF class 9 (e_ident[EI_CLASS] must be 1 or 2)"),
        ["bad-data"] = () => (Basic().With(b => b[5] = 0), 5, "invalid ELF data encoding 0 (e_ident[EI_DATA] must be 1 or 2)"),
        ["vmlinux"] = () => (Basic().With(b => PutU16(b, 16, 2)), 0x10, "an ELF executable (a vmlinux?), not a core dump"),
        ["odd-type"] = () => (Basic().With(b => PutU16(b, 16, 0xfe01)), 0x10, "ELF type 0xfe01 is not a core dump (ET_CORE)"),
        ["phentsize"] = () => (Basic().With(b => PutU16(b, 54, 32)), 0x36,
            "e_phentsize is 32, expected 56 (the size of Elf64_Phdr)"),
        ["phnum-zero"] = () => (Basic().With(b => PutU16(b, 56, 0)), 0x38,
            "no program headers (e_phnum 0): the file holds no memory"),
        ["phnum-absurd"] = () =>
        {
            var img = Basic();
            int len = img.Bytes.Length;
            return (img.With(b => PutU16(b, 56, 60000)), len,
                $"file is truncated: program header table (60000 entries) needs 3360000 bytes at 0x40, the file ends after {len - 64}");
        },
        ["xnum-without-sections"] = () => (Basic().With(b => PutU16(b, 56, 0xffff)), 0x38,
            "e_phnum is PN_XNUM (0xffff) but e_shoff is 0: there is no section 0 to hold the real count"),
        ["xnum-shoff-past-eof"] = () =>
        {
            var img = Basic();
            return (img.With(b => { PutU16(b, 56, 0xffff); PutU64(b, 40, 0x7000000); }), 0x28,
                $"e_phnum is PN_XNUM (0xffff) and e_shoff 0x7000000 points past the end of the file ({img.Bytes.Length} bytes)");
        },
        ["xnum-shentsize"] = () =>
        {
            var img = new ElfCoreBuilder { PnXnum = true }.Load(0, Pattern(0x1000, 1)).Build();
            return (img.With(b => PutU16(b, 58, 40)), 0x3a, "e_shentsize is 40, expected 64 (the size of Elf64_Shdr)");
        },
        ["xnum-absurd-count"] = () =>
        {
            var img = new ElfCoreBuilder { PnXnum = true }.Load(0, Pattern(0x1000, 1)).Build();
            return (img.With(b => PutU32(b, img.ShOff + 44, 0xfffffff0)), img.ShOff + 44,
                "4294967280 program headers is more than 2097152: not a plausible dump");
        },
        ["phoff-inside-header"] = () => (Basic().With(b => PutU64(b, 32, 0x10)), 0x20, "e_phoff 0x10 lies inside the ELF header"),
        ["phoff-past-eof"] = () =>
        {
            var img = Basic();
            return (img.With(b => PutU64(b, 32, 1UL << 40)), 0x20,
                $"e_phoff 0x10000000000 points past the end of the file ({img.Bytes.Length} bytes)");
        },
        ["note-past-eof"] = () =>
        {
            var img = Basic();
            int len = img.Bytes.Length;
            return (img.With(b => PutU64(b, img.Phdr(0) + 8, (ulong)(len - 4))), len,
                $"file is truncated: PT_NOTE (program header 0) needs {img.NoteSizes[0]} bytes at 0x{len - 4:x}, the file ends after 4");
        },
        ["note-offset-absurd"] = () =>
        {
            var img = Basic();
            return (img.With(b => PutU64(b, img.Phdr(0) + 8, 1UL << 50)), img.Phdr(0) + 8,
                $"PT_NOTE (program header 0): p_offset 0x4000000000000 points past the end of the file ({img.Bytes.Length} bytes)");
        },
        ["note-too-big"] = () =>
        {
            var img = Basic();
            return (img.With(b => PutU64(b, img.Phdr(0) + 32, 1UL << 30)), img.Phdr(0) + 32,
                "PT_NOTE (program header 0): p_filesz 0x40000000 brings the notes past 64 MiB");
        },
        ["note-runs-past-segment"] = () =>
        {
            var img = Basic();
            long second = img.NoteOffsets[0] + 12 + 8 + PrstatusSize; // the VMCOREINFO note
            return (img.With(b => PutU32(b, second + 4, 5000)), second,
                $"ELF note runs past its area (namesz 11, descsz 5000, area {img.NoteSizes[0]} bytes)");
        },
        ["filesz-over-memsz"] = () =>
        {
            var img = Basic();
            return (img.With(b => PutU64(b, img.LoadPhdr(0) + 40, 0x1000)), img.LoadPhdr(0) + 32,
                "PT_LOAD (program header 1): p_filesz 0x2000 is larger than p_memsz 0x1000");
        },
        ["load-offset-overflow"] = () =>
        {
            var img = Basic();
            return (img.With(b => PutU64(b, img.LoadPhdr(0) + 8, 0xfffffffffffff000)), img.LoadPhdr(0) + 8,
                "PT_LOAD (program header 1): p_offset 0xfffffffffffff000 + p_filesz 0x2000 is beyond any file");
        },
        ["paddr-wraps"] = () =>
        {
            var img = Basic();
            return (img.With(b => PutU64(b, img.LoadPhdr(1) + 24, 0xfffffffffffff000)), img.LoadPhdr(1) + 24,
                "PT_LOAD (program header 2): p_paddr 0xfffffffffffff000 + p_memsz 0x2000 wraps past the top of the physical address space");
        },
        ["overlap-physical"] = () =>
        {
            // QEMU-style physical PT_LOADs (p_vaddr = p_paddr) that give 0x1000-0x2000 two different file places
            var img = new ElfCoreBuilder()
                .Load(0x0, Pattern(0x2000, 1), vaddr: 0)
                .Load(0x1000, Pattern(0x2000, 2), vaddr: 0x1000)
                .Build();
            return (img.Bytes, img.LoadPhdr(1),
                "PT_LOAD (program header 1, physical 0x1000-0x3000) overlaps PT_LOAD (program header 0, 0x0-0x2000) and gives the same memory different contents");
        },
        ["overlap-virtual"] = () =>
        {
            // one virtual page mapped to two physical pages
            var img = new ElfCoreBuilder()
                .Load(0x10000, Pattern(0x2000, 1), vaddr: 0xffff888000000000)
                .Load(0x40000, Pattern(0x1000, 2), vaddr: 0xffff888000001000)
                .Build();
            return (img.Bytes, img.LoadPhdr(1),
                "PT_LOAD (program header 1, virtual 0xffff888000001000-0xffff888000002000) overlaps PT_LOAD (program header 0, 0xffff888000000000-0xffff888000002000) and gives the same memory different contents");
        },
        ["no-load"] = () =>
        {
            var img = new ElfCoreBuilder().Prstatus(1, 0).Build();
            return (img.Bytes, 0x40, "no PT_LOAD among the 1 program headers: the file holds no memory");
        },
    };

    public static TheoryData<string> Cases => new(Table.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public void IsRefusedWithOffsetAndReason(string name)
    {
        var (bytes, offset, reason) = Table[name]();
        using var source = new ElfCoreImage.MemorySource(bytes);
        var e = Assert.Throws<DumpFormatException>(() => DumpOpener.Open(source));
        Assert.Equal(ElfCoreImage.Path, e.FilePath);
        Assert.Equal(reason, e.Reason);
        Assert.Equal(offset, e.Offset);
        Assert.Equal($"{ElfCoreImage.Path}: offset 0x{offset:x}: {reason}", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void TheBasicCoreItselfOpens()
    {
        // the table's cases are one change away from this file: it must be fine as it is
        using var dump = DumpOpener.Open(Basic().Source());
        Assert.Equal(DumpFormat.Elf, dump.Format);
        Assert.Equal(2, dump.Ranges.Count);
    }
}
