using Crashdive.Symbols;
using Crashdive.Symbols.Dwarf;
using Crashdive.Symbols.Dwarf.Frames;
using Crashdive.Symbols.Dwarf.Index;
using Crashdive.Symbols.Dwarf.Locations;
using Crashdive.Symbols.Elf;
using T = Crashdive.Symbols.Dwarf.DwarfTag;
using A = Crashdive.Symbols.Dwarf.DwarfAttribute;
using F = Crashdive.Symbols.Dwarf.DwarfForm;

namespace Crashdive.Tests.Symbols;

/// <summary>
/// Synthetic inputs for what real frames rarely or never exercise: the DW_OP evaluator's operations and
/// its bounds (stack depth, steps, branches, truncated operands), location lists with every DWARF 5 entry
/// kind and malformed ones, scopes with blocks and an inlined call, and .debug_frame rows.
/// </summary>
public sealed class FrameLocationTests
{
    private sealed class Ctx : ILocationContext
    {
        public Dictionary<int, ulong> Registers { get; } = new() { [7] = 0x7000, [3] = 0x33, [6] = 0x6000 };
        public ulong? Cfa { get; set; } = 0x8000;
        public Dictionary<ulong, byte[]> Memory { get; } = [];
        public ulong AddressBias { get; set; }
        public bool TryGetRegister(int register, out ulong value) => Registers.TryGetValue(register, out value);
        public bool TryGetCfa(out ulong cfa) { cfa = Cfa ?? 0; return Cfa != null; }
        public bool TryReadMemory(ulong address, Span<byte> buffer)
        {
            foreach (var (at, bytes) in Memory)
            {
                if (address >= at && address + (ulong)buffer.Length <= at + (ulong)bytes.Length)
                {
                    bytes.AsSpan((int)(address - at), buffer.Length).CopyTo(buffer);
                    return true;
                }
            }
            return false;
        }
    }

    private static VariableLocation Eval(byte[] expr, int size = 8, ulong? frameBase = null, Ctx? ctx = null) =>
        LocationEvaluator.Evaluate(expr, ctx ?? new Ctx(), size, frameBase, null);

    private static ulong ValueOf(VariableLocation l)
    {
        Assert.Equal(LocationKind.Value, l.Kind);
        var b = new byte[8];
        l.Bytes!.AsSpan(0, Math.Min(8, l.Bytes!.Length)).CopyTo(b);
        return BitConverter.ToUInt64(b);
    }

    [Fact]
    public void RegisterMemoryAndValueLocations()
    {
        Assert.Equal(0x33UL, ValueOf(Eval([0x53])));                                  // DW_OP_reg3 (rbx)
        Assert.Equal(0x33UL, ValueOf(Eval([0x90, 3])));                               // DW_OP_regx 3
        Assert.Equal(LocationKind.OptimizedOut, Eval([0x50]).Kind);                   // rax unknown in this frame
        Assert.Equal(VariableLocation.InMemory(0x7010), Eval([0x77, 0x10]));          // DW_OP_breg7 +16
        Assert.Equal(VariableLocation.InMemory(0x6000 - 8), Eval([0x92, 6, 0x78]));   // DW_OP_bregx rbp -8
        Assert.Equal(VariableLocation.InMemory(0x8000 - 0x50), Eval([0x9c, 0x08, 0x50, 0x1c])); // cfa, const1u 0x50, minus
        Assert.Equal(VariableLocation.InMemory(0x7f00 - 0x50), Eval([0x91, 0xb0, 0x7f], frameBase: 0x7f00)); // fbreg -80
        Assert.Equal(LocationKind.OptimizedOut, Eval([0x91, 0x10]).Kind);             // no frame base
        Assert.Equal(LocationKind.OptimizedOut, Eval([0x9c], ctx: new Ctx { Cfa = null }).Kind);
        Assert.Equal(0x7f00UL - 0x50, ValueOf(Eval([0x91, 0xb0, 0x7f, 0x9f], frameBase: 0x7f00))); // fbreg, stack_value
        Assert.Equal(0x0201UL, ValueOf(Eval([0x9e, 2, 1, 2], size: 2)));             // implicit_value
        Assert.Equal(VariableLocation.InMemory(0x1234 + 0x100), Eval([0x03, 0x34, 0x12, 0, 0, 0, 0, 0, 0], ctx: new Ctx { AddressBias = 0x100 }));
    }

    [Fact]
    public void ArithmeticStackOperationsAndBranches()
    {
        Assert.Equal(7UL, ValueOf(Eval([0x33, 0x34, 0x22, 0x9f])));                  // 3 + 4
        Assert.Equal(unchecked((ulong)-3L), ValueOf(Eval([0x33, 0x1f, 0x9f])));       // neg
        Assert.Equal(12UL, ValueOf(Eval([0x33, 0x34, 0x1e, 0x9f])));                  // mul
        Assert.Equal(0x30UL, ValueOf(Eval([0x33, 0x34, 0x24, 0x9f])));                // 3 << 4
        Assert.Equal(1UL, ValueOf(Eval([0x33, 0x33, 0x29, 0x9f])));                   // eq
        Assert.Equal(4UL, ValueOf(Eval([0x33, 0x34, 0x16, 0x13, 0x9f])));             // swap, drop -> 4
        Assert.Equal(3UL, ValueOf(Eval([0x33, 0x34, 0x14, 0x9f])));                   // over
        Assert.Equal(9UL, ValueOf(Eval([0x31, 0x28, 0x02, 0x00, 0x38, 0x9f, 0x39, 0x9f]))); // bra taken over "lit8 stack_value"
        Assert.Equal(unchecked((ulong)-2L), ValueOf(Eval([0x11, 0x7e, 0x9f])));       // consts -2
        Assert.Equal(LocationKind.Unavailable, Eval([0x33, 0x30, 0x1b, 0x9f]).Kind);  // division by zero
    }

    [Fact]
    public void PiecesComposeAndAPartlyMissingValueIsOptimizedOut()
    {
        var ctx = new Ctx();
        ctx.Memory[0x9000] = [0xaa, 0xbb, 0xcc, 0xdd];
        // rbx (4 bytes) then memory at 0x9000 (4 bytes)
        var l = Eval([0x53, 0x93, 4, 0x0a, 0x00, 0x90, 0x93, 4], size: 8, ctx: ctx);
        Assert.Equal(LocationKind.Value, l.Kind);
        Assert.Equal(new byte[] { 0x33, 0, 0, 0, 0xaa, 0xbb, 0xcc, 0xdd }, l.Bytes);
        Assert.Equal(LocationKind.OptimizedOut, Eval([0x93, 4, 0x53, 0x93, 4]).Kind);   // first piece has no location
        Assert.Equal(LocationKind.OptimizedOut, Eval([0x50, 0x93, 4, 0x53, 0x93, 4]).Kind); // rax unknown
        Assert.Equal(LocationKind.OptimizedOut, Eval([0x53, 0x93, 4], size: 8).Kind);   // 4 of 8 bytes
    }

    [Fact]
    public void EntryValuesAndParameterReferencesAreOptimizedOutNotGuessed()
    {
        Assert.Equal(LocationKind.OptimizedOut, Eval([0xa3, 1, 0x55, 0x9f]).Kind);       // DW_OP_entry_value(reg5) stack_value
        Assert.Equal(LocationKind.OptimizedOut, Eval([0xf3, 1, 0x55, 0x9f]).Kind);       // GNU_entry_value
        Assert.Equal(LocationKind.OptimizedOut, Eval([0xfa, 1, 2, 3, 4]).Kind);          // GNU_parameter_ref
        Assert.Equal(LocationKind.OptimizedOut, Eval([]).Kind);
    }

    [Fact]
    public void MalformedExpressionsStopWithAReasonNotAHangOrACrash()
    {
        var deep = Enumerable.Repeat((byte)0x30, LocationEvaluator.MaxStack + 1).ToArray();
        Assert.Contains("deeper", Eval(deep).Reason);
        Assert.Contains("steps", Eval([0x2f, 0xfd, 0xff]).Reason);                      // skip -3: loops on itself
        Assert.Contains("leaves the expression", Eval([0x2f, 0x10, 0x00]).Reason);      // skip past the end
        Assert.Contains("past the end", Eval([0x0c, 1, 2]).Reason);                    // const4u truncated
        Assert.Contains("past the end", Eval([0x10, 0x80, 0x80]).Reason);              // unterminated LEB128
        Assert.Contains("empty stack", Eval([0x22]).Reason);                           // plus on nothing
        Assert.Contains("not in the dump", Eval([0x30, 0x06]).Reason);                 // deref of 0
        Assert.Contains("must end", Eval([0x53, 0x30]).Reason);                        // reg followed by more
        Assert.Contains("not evaluated", Eval([0xe0]).Reason);                         // TLS
        Assert.Contains("longer", Eval(new byte[LocationEvaluator.MaxExpressionLength + 1]).Reason);
        Assert.Contains("out of range", Eval([0x53, 0x93, 0x80, 0x80, 0x80, 0x80, 0x01]).Reason); // huge piece
        Assert.Equal(LocationKind.Unavailable, Eval([0x9e, 10, 1]).Kind);               // implicit value past the end
    }

    // A unit at 0x1000-0x1100 with func (frame base DW_OP_call_frame_cfa), parameter p with a location
    // list, local v in a block 0x1040-0x1060, an inlined call of inl (0x1050-0x1058) with parameter x,
    // and a variable whose list is malformed.
    private static SymbolFile Build(TempDirectory dir, byte[] loclists)
    {
        var d = new DwarfBuilder();
        d.AbbrevEntry(1, T.CompileUnit, true, (A.Name, F.Strp, 0), (A.LowPc, F.Addr, 0), (A.HighPc, F.Data8, 0));
        d.AbbrevEntry(2, T.BaseType, false, (A.Name, F.Strp, 0), (A.ByteSize, F.Data1, 0), (A.Encoding, F.Data1, 0));
        d.AbbrevEntry(3, T.Subprogram, true, (A.Name, F.Strp, 0), (A.LowPc, F.Addr, 0), (A.HighPc, F.Data8, 0), (A.FrameBase, F.Exprloc, 0));
        d.AbbrevEntry(4, T.FormalParameter, false, (A.Name, F.Strp, 0), (A.Type, F.Ref4, 0), (A.Location, F.SecOffset, 0));
        d.AbbrevEntry(5, T.LexicalBlock, true, (A.LowPc, F.Addr, 0), (A.HighPc, F.Data8, 0));
        d.AbbrevEntry(6, T.Variable, false, (A.Name, F.Strp, 0), (A.Type, F.Ref4, 0), (A.Location, F.Exprloc, 0));
        d.AbbrevEntry(7, T.Subprogram, true, (A.Name, F.Strp, 0), (A.Inline, F.Data1, 0));
        d.AbbrevEntry(8, T.FormalParameter, false, (A.Name, F.Strp, 0), (A.Type, F.Ref4, 0));
        d.AbbrevEntry(9, T.InlinedSubroutine, true, (A.AbstractOrigin, F.Ref4, 0), (A.LowPc, F.Addr, 0), (A.HighPc, F.Data8, 0));
        d.AbbrevEntry(10, T.FormalParameter, false, (A.AbstractOrigin, F.Ref4, 0), (A.Location, F.Exprloc, 0));
        d.AbbrevEntry(11, T.Variable, false, (A.Name, F.Strp, 0), (A.Type, F.Ref4, 0), (A.ConstValue, F.Data1, 0));
        d.EndAbbrevs();
        d.BeginUnit();
        d.Die(1).Strp("unit.c").U64(0x1000).U64(0x100);
        d.Die(2, "long").Strp("long").U8(8).U8(5);
        d.Die(7, "inl").Strp("inl").U8(3);
        d.Die(8, "inl.x").Strp("x").Ref4("long");
        d.End();
        d.Die(3).Strp("func").U64(0x1000).U64(0x100).ExprLoc(0x9c);
        d.Die(4).Strp("p").Ref4("long").U32(12);        // the first list
        d.Die(4).Strp("bad").Ref4("long").U32(0x40);    // the malformed list
        d.Die(11).Strp("k").Ref4("long").U8(42);
        d.Die(5).U64(0x1040).U64(0x20);
        d.Die(6).Strp("v").Ref4("long").ExprLoc(0x91, 0x70);   // fbreg -16
        d.Die(9).Ref4("inl").U64(0x1050).U64(8);
        d.Die(10).Ref4("inl.x").ExprLoc(0x53);                  // rbx
        d.End();
        d.End();
        d.End();
        d.End();
        d.EndUnit();
        var elf = new ElfBuilder();
        d.AddTo(elf);
        elf.Add(".debug_loclists", loclists);
        return SymbolFile.Open(dir.Write("frames.elf", elf.Build()), new SymbolFileOptions { Index = new NameIndexOptions { UseCache = false } });
    }

    private static byte[] LocLists()
    {
        var w = new ByteWriter();
        w.U32(0).U16(5).U8(8).U8(0).U32(0);                    // header (length patched below)
        // offset 12: p is in rbx at 0x1000-0x1010 (offset pair from the unit base), then in memory at
        // rsp+8 from 0x1010 to 0x1030 (start_length), in rax (unknown) at 0x1030-0x1040 (start_end), absent after.
        w.U8(4).ULeb(0).ULeb(0x10).ULeb(1).U8(0x53);
        w.U8(8).U64(0x1010).ULeb(0x20).ULeb(2).U8(0x77).U8(8);
        w.U8(6).U64(0x1000);                                     // base_address
        w.U8(7).U64(0x1030).U64(0x1040).ULeb(1).U8(0x50);
        w.U8(0);
        while (w.Position < 0x40)
            w.U8(0);
        w.U8(0x42);                                              // an unknown entry kind
        var bytes = w.ToArray();
        BitConverter.GetBytes((uint)(bytes.Length - 4)).CopyTo(bytes, 0);
        return bytes;
    }

    [Fact]
    public void ScopesAndLocationListsAtEachAddress()
    {
        using var dir = new TempDirectory();
        using SymbolFile f = Build(dir, LocLists());
        var ctx = new Ctx();

        var at1004 = f.FindFrameScopes(0x1004);
        var outer = Assert.Single(at1004);
        Assert.Equal("func", outer.Name);
        Assert.Equal(["p", "bad", "k"], outer.Variables.Select(v => v.Name));
        FrameScopeVariable p = outer.Variables[0];
        Assert.True(p.IsParameter);
        Assert.Equal(0x33UL, ValueOf(f.LocateVariable(p, 0x1004, ctx)));
        Assert.Equal(VariableLocation.InMemory(0x7008), f.LocateVariable(p, 0x1020, ctx));
        Assert.Equal(LocationKind.OptimizedOut, f.LocateVariable(p, 0x1034, ctx).Kind);   // in rax, unknown here
        Assert.Equal(LocationKind.OptimizedOut, f.LocateVariable(p, 0x1044, ctx).Kind);   // no entry covers it
        Assert.Equal(42UL, ValueOf(f.LocateVariable(outer.Variables[2], 0x1004, ctx)));  // DW_AT_const_value
        VariableLocation bad = f.LocateVariable(outer.Variables[1], 0x1004, ctx);
        Assert.Equal(LocationKind.Unavailable, bad.Kind);
        Assert.Contains("unknown location list entry kind 0x42", bad.Reason);

        var at1044 = f.FindFrameScopes(0x1044);
        // Arguments, then locals innermost block first (gdb's info locals).
        Assert.Equal(["p", "bad", "v", "k"], Assert.Single(at1044).Variables.Select(v => v.Name));
        FrameScopeVariable v = at1044[0].Variables[2];
        Assert.Equal(VariableLocation.InMemory(0x8000 - 16), f.LocateVariable(v, 0x1044, ctx));   // frame base = CFA

        var at1054 = f.FindFrameScopes(0x1054);
        Assert.Equal(2, at1054.Count);
        Assert.Equal("inl", at1054[0].Name);
        Assert.True(at1054[0].IsInlined);
        Assert.Equal("x", Assert.Single(at1054[0].Variables).Name);
        Assert.Equal(0x33UL, ValueOf(f.LocateVariable(at1054[0].Variables[0], 0x1054, ctx)));
        Assert.Equal("func", at1054[1].Name);
        Assert.Empty(f.FindFrameScopes(0x2000));
    }

    [Fact]
    public void CallFrameRowsFollowTheProgramAndRefuseMalformedOnes()
    {
        var w = new ByteWriter();
        // CIE: version 1, "", caf 1, daf -8, ra 16; def_cfa rsp+8; offset rip at cfa-8
        var cie = new ByteWriter().U32(0xffffffff).U8(1).U8(0).ULeb(1).SLeb(-8).U8(16).U8(0x0c).ULeb(7).ULeb(8).U8(0x80 | 16).ULeb(1).ToArray();
        w.U32((uint)cie.Length).Raw(cie);
        // FDE for 0x1000-0x1100: advance 1, def_cfa_offset 16, offset rbx at cfa-16, advance 4, remember,
        // def_cfa_offset 32, advance 4, restore.
        var fde = new ByteWriter().U32(0).U64(0x1000).U64(0x100)
            .U8(0x41).U8(0x0e).ULeb(16).U8(0x80 | 3).ULeb(2).U8(0x44).U8(0x0a).U8(0x0e).ULeb(32).U8(0x44).U8(0x0b).ToArray();
        w.U32((uint)fde.Length).Raw(fde);
        // A second FDE, at 0x2000, whose program restores a state never remembered.
        var bad = new ByteWriter().U32(0).U64(0x2000).U64(0x10).U8(0x0b).ToArray();
        w.U32((uint)bad.Length).Raw(bad);
        var table = CallFrameTable.Build(new DwarfSection("test", ".debug_frame", new SectionData(w.ToArray())), 8);
        Assert.Equal(2, table.Count);
        CallFrameRow r0 = table.Find(0x1000)!;
        Assert.Equal((7, 8L), (r0.CfaRegister, r0.CfaOffset));
        Assert.Equal(RegisterRuleKind.Unspecified, r0.Rule(3).Kind);
        Assert.Equal(new RegisterRule(RegisterRuleKind.Offset, -8, 0), r0.Rule(16));
        CallFrameRow r1 = table.Find(0x1003)!;
        Assert.Equal(16L, r1.CfaOffset);
        Assert.Equal(new RegisterRule(RegisterRuleKind.Offset, -16, 0), r1.Rule(3));
        Assert.Equal(32L, table.Find(0x1006)!.CfaOffset);
        Assert.Equal(16L, table.Find(0x1009)!.CfaOffset);  // restored
        Assert.Null(table.Find(0x1100));
        Assert.Throws<DebugInfoFormatException>(() => table.Find(0x2000));
    }
}
