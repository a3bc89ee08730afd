using System.Diagnostics;
using Crashdive.Symbols;
using Crashdive.Symbols.Dwarf.Index;
using Crashdive.Symbols.Dwarf.Lines;
using Crashdive.Symbols.Elf;

namespace Crashdive.Tests.Symbols;

/// <summary>Source lines of code addresses in the fixture vmlinux (DWARF 5 line tables) and a module, compared with binutils addr2line.</summary>
public sealed class LineTableTests
{
    private static readonly (string Function, ulong Offset)[] Places =
    [
        ("schedule", 0), ("schedule", 0x10), ("schedule", 0x40), ("do_exit", 0), ("do_exit", 0x40), ("do_exit", 0x200),
        ("vfs_read", 0), ("vfs_read", 0x100), ("start_kernel", 0x20), ("startup_64", 0), ("panic", 0x30), ("_printk", 0),
    ];

    private static readonly SymbolFileOptions NoCache = new() { Index = new NameIndexOptions { UseCache = false } };

    /// <summary>addr2line's "file:line" for each address, in order.</summary>
    private static string[] Addr2Line(string file, IEnumerable<ulong> addresses)
    {
        var psi = new ProcessStartInfo("addr2line") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-e");
        psi.ArgumentList.Add(file);
        foreach (ulong a in addresses)
            psi.ArgumentList.Add($"0x{a:x}");
        using Process p = Process.Start(psi) ?? throw new Xunit.Sdk.XunitException("reference tool missing: addr2line (binutils)");
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit(120_000);
        Assert.Equal(0, p.ExitCode);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(" (discriminator")[0].Trim()).ToArray();
    }

    [Fact]
    public void Vmlinux_lines_match_addr2line()
    {
        using SymbolFile f = SymbolFile.Open(Fixtures.Path("kernel/vmlinux"), NoCache);
        var addresses = new List<ulong>();
        foreach (var (function, offset) in Places)
        {
            Assert.True(f.Symbols.TryFind(function, out ElfSymbol s), function);
            addresses.Add(s.Address + offset);
        }
        string[] expected = Addr2Line(f.Path, addresses);
        Assert.Equal(addresses.Count, expected.Length);
        for (int i = 0; i < addresses.Count; i++)
        {
            SourceLocation? ours = f.FindSourceLine(addresses[i]);
            Assert.True(expected[i] != "??:0" && expected[i] != "??:?", $"addr2line knows no line for {Places[i]}");
            Assert.Equal(expected[i], ours?.ToString());
        }
    }

    [Fact]
    public void Addresses_outside_any_unit_have_no_line()
    {
        using SymbolFile f = SymbolFile.Open(Fixtures.Path("kernel/vmlinux"), NoCache);
        Assert.Null(f.FindSourceLine(0x1000));
        Assert.Null(f.FindSourceLine(ulong.MaxValue));
    }

    [Fact]
    public void Module_lines_match_addr2line_after_relocation()
    {
        using SymbolFile f = SymbolFile.Open(Fixtures.Path("kernel/modules/nfnetlink_queue.ko"), NoCache);
        Assert.True(f.Symbols.TryFind("nfqnl_rcv_nl_event", out ElfSymbol s));
        ulong[] addresses = [s.Address, s.Address + 0x20];
        string[] expected = Addr2Line(f.Path, addresses);
        for (int i = 0; i < addresses.Length; i++)
        {
            Assert.NotEqual("??:0", expected[i]);
            Assert.Equal(expected[i], f.FindSourceLine(addresses[i])?.ToString());
        }
    }
}
