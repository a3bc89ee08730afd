using Crashdive.Symbols;
using Crashdive.Symbols.Dwarf;
using Crashdive.Symbols.Dwarf.Index;
using Crashdive.Symbols.Dwarf.Lines;
using T = Crashdive.Symbols.Dwarf.DwarfTag;
using A = Crashdive.Symbols.Dwarf.DwarfAttribute;
using F = Crashdive.Symbols.Dwarf.DwarfForm;

namespace Crashdive.Tests.Symbols;

/// <summary>A hand-made DWARF 4 line program exercising each opcode kind, and its bounds.</summary>
public sealed class LineProgramTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static (ushort, ushort, long) S(ushort at, ushort form) => (at, form, 0);

    /// <summary>opcode_base 14: opcode 13 is a vendor standard opcode with one operand.</summary>
    private static byte[] Program(Action<ByteWriter> program)
    {
        var header = new ByteWriter()
            .U8(1)          // minimum_instruction_length
            .U8(1)          // maximum_operations_per_instruction
            .U8(1)          // default_is_stmt
            .U8(0xfb)       // line_base -5
            .U8(14)         // line_range
            .U8(14)         // opcode_base
            .Raw([0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1, 1])
            .CString("inc").U8(0)
            .CString("a.c").ULeb(0).ULeb(0).ULeb(0)
            .CString("b.h").ULeb(1).ULeb(0).ULeb(0).U8(0);
        var body = new ByteWriter();
        program(body);
        byte[] h = header.ToArray(), b = body.ToArray();
        return new ByteWriter().U32((uint)(2 + 4 + h.Length + b.Length)).U16(4).U32((uint)h.Length).Raw(h).Raw(b).ToArray();
    }

    private SymbolFile Open(byte[] line)
    {
        var d = new DwarfBuilder();
        d.AbbrevEntry(1, T.CompileUnit, false, S(A.Name, F.String), S(A.CompDir, F.String), S(A.StmtList, F.SecOffset), S(A.LowPc, F.Addr), S(A.HighPc, F.Data4));
        d.EndAbbrevs();
        d.BeginUnit(version: 4);
        d.Die(1).CString("a.c").CString("/src").U32(0).U64(0x1000).U32(0x100);
        d.EndUnit();
        var elf = d.AddTo(new ElfBuilder());
        elf.Add(".debug_line", line);
        return SymbolFile.Open(_dir.Write(Guid.NewGuid().ToString("n") + ".elf", elf.Build()), new SymbolFileOptions { Index = new NameIndexOptions { UseCache = false } });
    }

    [Fact]
    public void Every_opcode_kind()
    {
        byte[] line = Program(w => w
            .U8(0).ULeb(9).U8(2).U64(0x1000)   // DW_LNE_set_address
            .U8(3).SLeb(9)                       // advance_line -> 10
            .U8(1)                               // copy: 0x1000 line 10
            .U8(0x14 + 14 * 2)                   // special: address +2, line +1 -> 0x1002 line 11 ((0x30-14)=34: 34/14=2, -5+34%14=1)
            .U8(0).ULeb(3).U8(0x80).U8(1).U8(2)  // unknown extended opcode, skipped by its length
            .U8(13).ULeb(77)                     // vendor standard opcode: one operand skipped
            .U8(4).ULeb(2)                       // set_file b.h
            .U8(5).ULeb(7)                       // set_column
            .U8(8)                               // const_add_pc: +(255-14)/14 = 17 -> 0x1013
            .U8(9).U16(0x10)                     // fixed_advance_pc -> 0x1023
            .U8(2).ULeb(0x5)                     // advance_pc -> 0x1028
            .U8(1)                               // copy: 0x1028 line 11 in b.h col 7
            .U8(2).ULeb(0x8)
            .U8(0).ULeb(1).U8(1));               // end_sequence at 0x1030
        using SymbolFile f = Open(line);
        Assert.Equal("/src/a.c:10", f.FindSourceLine(0x1000)?.ToString());
        Assert.Equal("/src/a.c:10", f.FindSourceLine(0x1001)?.ToString());
        Assert.Equal("/src/a.c:11", f.FindSourceLine(0x1002)?.ToString());
        Assert.Equal("/src/a.c:11", f.FindSourceLine(0x1027)?.ToString());
        SourceLocation? last = f.FindSourceLine(0x102f);
        Assert.Equal("/src/inc/b.h:11", last?.ToString());
        Assert.Equal(7, last?.Column);
        Assert.Null(f.FindSourceLine(0x1030));   // end of the sequence
        Assert.Null(f.FindSourceLine(0x0fff));
    }

    [Fact]
    public void Program_running_past_its_length_is_refused()
    {
        byte[] line = Program(w => w.U8(0).ULeb(9).U8(2).U64(0x1000).U8(0).ULeb(40).U8(1));
        using SymbolFile f = Open(line);
        var e = Assert.Throws<DebugInfoFormatException>(() => f.FindSourceLine(0x1000));
        Assert.Contains(".debug_line+0x", e.Message);
        Assert.Contains("extended line opcode of length 40 runs past the program", e.Message);
    }

    [Fact]
    public void Zero_line_range_is_refused()
    {
        byte[] line = Program(w => w.U8(1));
        line[4 + 2 + 4 + 4] = 0; // line_range
        using SymbolFile f = Open(line);
        Assert.Contains("line_range is 0", Assert.Throws<DebugInfoFormatException>(() => f.FindSourceLine(0x1000)).Message);
    }
}
