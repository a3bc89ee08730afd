using System.Reflection;
using Crashdive.Arch.X86_64;

namespace Crashdive.Tests.Arch;

/// <summary>
/// The disassembler's text against gdb 16.3 as crash 9.0.2 prints it, instruction by instruction, from a
/// table (gdb16-x86-64.txt): one of each operand shape met in a few thousand functions of Debian's 6.1
/// vmlinux, and a few hundred hand-picked encodings for the spellings gdb has its own rules for: prefixes
/// the instruction does not use ("cs nopw", "data16", "addr32", "rex.W", "repz ret", "ds call"), "rep
/// stos", "bnd", "notrack", "lock", branch hints, fwait merged into "fstsw", "$1" of the shift-by-one
/// forms, far returns and jumps without a suffix, "(%dx)", "%riz", "%db7", monitor/mwait operands, and
/// no padding after an operandless mnemonic. The table was made by writing the hand-picked bytes over
/// kernel text in a copy of a dump and reading crash 9.0.2's <c>dis</c> of them, and by reading the
/// bytes behind crash's <c>dis</c> of real functions from the dump; so every row is crash's output.
/// </summary>
public sealed class X86_64DisassemblerTests
{
    private static readonly List<(ulong Address, byte[] Bytes, string Text)> Rows = Load();

    private static List<(ulong, byte[], string)> Load()
    {
        using Stream s = Assembly.GetExecutingAssembly().GetManifestResourceStream("gdb16-x86-64.txt")
            ?? throw new InvalidOperationException("gdb16-x86-64.txt is not embedded");
        using var reader = new StreamReader(s);
        var rows = new List<(ulong, byte[], string)>();
        while (reader.ReadLine() is string line)
        {
            if (line.Length == 0 || line[0] == '#')
                continue;
            string[] f = line.Split('\t', 3);
            rows.Add((Convert.ToUInt64(f[0], 16), Convert.FromHexString(f[1]), f[2]));
        }
        return rows;
    }

    [Fact]
    public void TableCoversManyInstructions() => Assert.True(Rows.Count >= 800, $"{Rows.Count} rows");

    [Fact]
    public void EveryRowPrintsAsGdb16AndHasItsLength()
    {
        var d = new X86_64Disassembler();
        var wrong = new List<string>();
        foreach (var (address, bytes, text) in Rows)
        {
            // What follows the instruction must not change it: pad with int3 as the kernel does.
            byte[] code = [.. bytes, .. Enumerable.Repeat((byte)0xcc, 16)];
            DisassembledInstruction insn = d.Decode(address, code);
            if (insn.Text != text || insn.Length != bytes.Length)
                wrong.Add($"{Convert.ToHexString(bytes).ToLowerInvariant()}: gdb `{text}` ({bytes.Length}), ours `{insn.Text}` ({insn.Length})");
        }
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {Rows.Count} differ:\n" + string.Join('\n', wrong.Take(40)));
    }

    [Theory]
    [InlineData("662e0f1f840000000000", "cs nopw 0x0(%rax,%rax,1)")]
    [InlineData("66662e0f1f840000000000", "data16 cs nopw 0x0(%rax,%rax,1)")]
    [InlineData("cb", "lret")]
    [InlineData("caecfe", "lret   $0xfeec")]
    [InlineData("c3", "ret")]
    [InlineData("f3c3", "repz ret")]
    [InlineData("f348ab", "rep stos %rax,%es:(%rdi)")]
    [InlineData("d1ea", "shr    $1,%edx")]
    [InlineData("0f1f440000", "nopl   0x0(%rax,%rax,1)")]
    public void KeySpellings(string hex, string text)
    {
        DisassembledInstruction insn = new X86_64Disassembler().Decode(0xffffffff81000000, Convert.FromHexString(hex));
        Assert.Equal(text, insn.Text);
        Assert.Equal(hex.Length / 2, insn.Length);
    }

    [Fact]
    public void FwaitBeforeAnotherInstructionStandsAlone()
    {
        var d = new X86_64Disassembler();
        Assert.Equal(("fwait", 1), (d.Decode(0x1000, [0x9b, 0x90]).Text, d.Decode(0x1000, [0x9b, 0x90]).Length));
        Assert.Equal(("finit", 3), (d.Decode(0x1000, [0x9b, 0xdb, 0xe3]).Text, d.Decode(0x1000, [0x9b, 0xdb, 0xe3]).Length));
    }
}
