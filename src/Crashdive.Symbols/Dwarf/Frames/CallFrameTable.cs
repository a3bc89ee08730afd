namespace Crashdive.Symbols.Dwarf.Frames;

/// <summary>
/// The call frame information of .debug_frame: an index of every FDE's address range, built once by
/// one pass over the section, and the CFA program of a CIE and FDE run up to an address to give the
/// row there. Every length and offset is checked against the section, instructions are counted, and
/// DW_CFA_remember_state nests at most <see cref="MaxStateDepth"/> deep.
/// </summary>
internal sealed class CallFrameTable
{
    /// <summary>Most CFA instructions run for one row.</summary>
    public const int MaxInstructions = 100_000;

    /// <summary>Deepest DW_CFA_remember_state nesting.</summary>
    public const int MaxStateDepth = 64;

    private readonly DwarfSection _section;
    private readonly int _addressSize;
    private readonly ulong[] _starts;
    private readonly ulong[] _ends;
    private readonly int[] _fdes;

    private CallFrameTable(DwarfSection section, int addressSize, List<(ulong Start, ulong End, int Fde)> fdes)
    {
        _section = section;
        _addressSize = addressSize;
        fdes.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        _starts = new ulong[fdes.Count];
        _ends = new ulong[fdes.Count];
        _fdes = new int[fdes.Count];
        for (int i = 0; i < fdes.Count; i++)
            (_starts[i], _ends[i], _fdes[i]) = fdes[i];
    }

    /// <summary>Number of FDEs indexed.</summary>
    public int Count => _starts.Length;

    /// <summary>Indexes <paramref name="section"/> (.debug_frame) with addresses of <paramref name="addressSize"/> bytes.</summary>
    public static CallFrameTable Build(DwarfSection section, int addressSize)
    {
        var fdes = new List<(ulong, ulong, int)>();
        int offset = 0;
        while (offset < section.Length)
        {
            var r = new DwarfReader(section, offset);
            (int end, bool is64) = ReadLength(ref r);
            if (end == r.Position)
            {
                offset = end; // a zero terminator (padding)
                continue;
            }
            ulong id = is64 ? r.ReadU64() : r.ReadU32();
            bool cie = is64 ? id == ulong.MaxValue : id == 0xffffffff;
            if (!cie)
            {
                ulong start = r.ReadAddress(addressSize);
                ulong length = r.ReadAddress(addressSize);
                if (length != 0 && start != 0)
                    fdes.Add((start, start + length, offset));
            }
            offset = end;
        }
        return new CallFrameTable(section, addressSize, fdes);
    }

    /// <summary>The row at <paramref name="pc"/>, or null when no FDE covers it.</summary>
    public CallFrameRow? Find(ulong pc)
    {
        int i = SortedSearch.LastAtOrBelow(_starts, pc);
        // FDEs do not overlap in practice; look back a little in case a zero-length or stray one does.
        for (int k = i; k >= 0 && k > i - 4; k--)
        {
            if (pc < _ends[k])
                return RunFde(_fdes[k], pc);
        }
        return null;
    }

    private CallFrameRow RunFde(int fdeOffset, ulong pc)
    {
        var r = new DwarfReader(_section, fdeOffset);
        (int end, bool is64) = ReadLength(ref r);
        r.Limit = end;
        ulong cieOffset = is64 ? r.ReadU64() : r.ReadU32();
        ulong start = r.ReadAddress(_addressSize);
        r.ReadAddress(_addressSize);
        if (cieOffset >= (ulong)_section.Length)
            r.Fail(fdeOffset, $"FDE's CIE offset 0x{cieOffset:x} is past the end of the section");
        var cie = ReadCie((int)cieOffset);
        if (cie.Augmentation.Contains('z'))
            r.Skip(r.ReadULeb128());
        var state = new CfaState(cie.ReturnAddressRegister);
        int budget = MaxInstructions;
        var c = new DwarfReader(_section, cie.InstructionsStart, cie.End);
        Execute(ref c, cie, state, null, ulong.MaxValue, ulong.MaxValue, ref budget);
        state.SetInitial();
        Execute(ref r, cie, state, state.Initial, start, pc, ref budget);
        return state.ToRow();
    }

    private readonly record struct Cie(int InstructionsStart, int End, string Augmentation, ulong CodeAlign, long DataAlign, int ReturnAddressRegister);

    private Cie ReadCie(int offset)
    {
        var r = new DwarfReader(_section, offset);
        (int end, bool is64) = ReadLength(ref r);
        r.Limit = end;
        ulong id = is64 ? r.ReadU64() : r.ReadU32();
        if (is64 ? id != ulong.MaxValue : id != 0xffffffff)
            r.Fail(offset, "FDE points at an entry that is not a CIE");
        byte version = r.ReadU8();
        if (version is not (1 or 3 or 4))
            r.Fail(offset, $"CIE version {version} is not supported");
        int augAt = r.SkipCString();
        string augmentation = DwarfFile.Decode(_section.Span.Slice(augAt, r.Position - augAt - 1));
        if (augmentation.Length > 0 && augmentation[0] != 'z')
            r.Fail(offset, $"CIE augmentation \"{augmentation}\" is not supported");
        if (version == 4)
        {
            r.ReadU8(); // address_size
            r.ReadU8(); // segment_selector_size
        }
        ulong codeAlign = r.ReadULeb128();
        long dataAlign = r.ReadSLeb128();
        ulong ra = version == 1 ? r.ReadU8() : r.ReadULeb128();
        if (augmentation.StartsWith('z'))
            r.Skip(r.ReadULeb128());
        return new Cie(r.Position, end, augmentation, codeAlign, dataAlign, (int)Math.Min(ra, 1024));
    }

    private void Execute(ref DwarfReader r, Cie cie, CfaState s, RegisterRule[]? initial, ulong loc, ulong pc, ref int budget)
    {
        while (r.Remaining > 0)
        {
            if (--budget < 0)
                r.Fail(r.Position, $"call frame program runs more than {MaxInstructions} instructions");
            byte op = r.ReadU8();
            int low = op & 0x3f;
            switch (op >> 6)
            {
                case 1: // DW_CFA_advance_loc
                    loc += (ulong)low * cie.CodeAlign;
                    if (loc > pc)
                        return;
                    continue;
                case 2: // DW_CFA_offset
                    s.Set(low, new RegisterRule(RegisterRuleKind.Offset, (long)r.ReadULeb128() * cie.DataAlign, 0));
                    continue;
                case 3: // DW_CFA_restore
                    s.Set(low, initial != null && low < initial.Length ? initial[low] : default);
                    continue;
            }
            switch (op)
            {
                case 0x00: break; // nop
                case 0x01: loc = r.ReadAddress(_addressSize); if (loc > pc) return; break;
                case 0x02: loc += r.ReadU8() * cie.CodeAlign; if (loc > pc) return; break;
                case 0x03: loc += r.ReadU16() * cie.CodeAlign; if (loc > pc) return; break;
                case 0x04: loc += r.ReadU32() * cie.CodeAlign; if (loc > pc) return; break;
                case 0x05: { ulong reg = r.ReadULeb128(); s.Set(reg, new RegisterRule(RegisterRuleKind.Offset, (long)r.ReadULeb128() * cie.DataAlign, 0)); break; }
                case 0x06: { ulong reg = r.ReadULeb128(); s.Set(reg, initial != null && reg < (ulong)initial.Length ? initial[reg] : default); break; }
                case 0x07: s.Set(r.ReadULeb128(), new RegisterRule(RegisterRuleKind.Undefined, 0, 0)); break;
                case 0x08: s.Set(r.ReadULeb128(), new RegisterRule(RegisterRuleKind.SameValue, 0, 0)); break;
                case 0x09: { ulong reg = r.ReadULeb128(); s.Set(reg, new RegisterRule(RegisterRuleKind.Register, 0, (int)Math.Min(r.ReadULeb128(), 1024))); break; }
                case 0x0a: if (!s.Remember()) r.Fail(r.Position - 1, $"DW_CFA_remember_state nests deeper than {MaxStateDepth}"); break;
                case 0x0b: if (!s.Restore()) r.Fail(r.Position - 1, "DW_CFA_restore_state without a remembered state"); break;
                case 0x0c: s.CfaRegister = (int)Math.Min(r.ReadULeb128(), 1024); s.CfaOffset = (long)r.ReadULeb128(); s.CfaKnown = true; break;
                case 0x0d: s.CfaRegister = (int)Math.Min(r.ReadULeb128(), 1024); break;
                case 0x0e: s.CfaOffset = (long)r.ReadULeb128(); break;
                case 0x0f: r.Skip(r.ReadULeb128()); s.CfaKnown = false; break; // def_cfa_expression
                case 0x10: // expression
                case 0x16: // val_expression
                { ulong reg = r.ReadULeb128(); r.Skip(r.ReadULeb128()); s.Set(reg, new RegisterRule(RegisterRuleKind.Expression, 0, 0)); break; }
                case 0x11: { ulong reg = r.ReadULeb128(); s.Set(reg, new RegisterRule(RegisterRuleKind.Offset, r.ReadSLeb128() * cie.DataAlign, 0)); break; }
                case 0x12: s.CfaRegister = (int)Math.Min(r.ReadULeb128(), 1024); s.CfaOffset = r.ReadSLeb128() * cie.DataAlign; s.CfaKnown = true; break;
                case 0x13: s.CfaOffset = r.ReadSLeb128() * cie.DataAlign; break;
                case 0x14: { ulong reg = r.ReadULeb128(); s.Set(reg, new RegisterRule(RegisterRuleKind.ValOffset, (long)r.ReadULeb128() * cie.DataAlign, 0)); break; }
                case 0x15: { ulong reg = r.ReadULeb128(); s.Set(reg, new RegisterRule(RegisterRuleKind.ValOffset, r.ReadSLeb128() * cie.DataAlign, 0)); break; }
                case 0x2e: r.ReadULeb128(); break; // GNU_args_size
                case 0x2f: { ulong reg = r.ReadULeb128(); s.Set(reg, new RegisterRule(RegisterRuleKind.Offset, -(long)r.ReadULeb128() * cie.DataAlign, 0)); break; }
                default:
                    r.Fail(r.Position - 1, $"unknown call frame instruction 0x{op:x2}");
                    break;
            }
        }
    }

    private static (int End, bool Is64) ReadLength(ref DwarfReader r)
    {
        int at = r.Position;
        ulong length = r.ReadU32();
        bool is64 = false;
        if (length == 0xffffffff)
        {
            length = r.ReadU64();
            is64 = true;
        }
        if (length > (ulong)r.Remaining)
            r.Fail(at, $"call frame entry length 0x{length:x} runs past the end of the section");
        return (r.Position + (int)length, is64);
    }

    private sealed class CfaState(int returnAddressRegister)
    {
        private RegisterRule[] _rules = new RegisterRule[CallFrameRow.Registers];
        private readonly Stack<(RegisterRule[] Rules, int Reg, long Off, bool Known)> _saved = new();

        public RegisterRule[]? Initial { get; private set; }
        public int CfaRegister { get; set; }
        public long CfaOffset { get; set; }
        public bool CfaKnown { get; set; }

        public void Set(ulong register, RegisterRule rule)
        {
            if (register < (ulong)_rules.Length)
                _rules[register] = rule;
        }

        public void Set(int register, RegisterRule rule) => Set((ulong)register, rule);

        public void SetInitial() => Initial = (RegisterRule[])_rules.Clone();

        public bool Remember()
        {
            if (_saved.Count >= MaxStateDepth)
                return false;
            _saved.Push(((RegisterRule[])_rules.Clone(), CfaRegister, CfaOffset, CfaKnown));
            return true;
        }

        public bool Restore()
        {
            if (_saved.Count == 0)
                return false;
            (_rules, CfaRegister, CfaOffset, CfaKnown) = _saved.Pop();
            return true;
        }

        public CallFrameRow ToRow() => new(CfaKnown, CfaRegister, CfaOffset, (RegisterRule[])_rules.Clone(), returnAddressRegister);
    }
}
