namespace Crashdive.Symbols.Dwarf.Lines;

/// <summary>
/// Decodes a .debug_line program (DWARF 2-5): the header with its directory and file tables
/// (DWARF 5 entry formats included), then the state machine. Unknown standard opcodes are skipped
/// by their declared operand counts and unknown extended opcodes by their length, as the standard
/// asks; every read is bounded by the program's unit length.
/// </summary>
internal static class LineProgramReader
{
    private const byte Copy = 1, AdvancePc = 2, AdvanceLine = 3, SetFile = 4, SetColumn = 5, NegateStmt = 6,
        SetBasicBlock = 7, ConstAddPc = 8, FixedAdvancePc = 9, SetPrologueEnd = 10, SetEpilogueBegin = 11, SetIsa = 12;
    private const byte EndSequence = 1, SetAddress = 2, DefineFile = 3, SetDiscriminator = 4;
    private const ulong ContentPath = 1, ContentDirectoryIndex = 2; // DW_LNCT_path, DW_LNCT_directory_index

    /// <summary>Decodes the program at <paramref name="offset"/> of .debug_line for <paramref name="unit"/>.</summary>
    public static LineTable Read(DwarfUnit unit, ulong offset, string? compDir)
    {
        DwarfFile file = unit.File;
        DwarfSection section = file.Line;
        if (offset >= (ulong)section.Length)
            throw section.Error((long)Math.Min(offset, long.MaxValue), $"line program offset is past the end of the section (size 0x{section.Length:x})");
        var r = new DwarfReader(section, (int)offset);
        ulong length = r.ReadU32();
        int offsetSize = 4;
        if (length == 0xffffffff)
        {
            length = r.ReadU64();
            offsetSize = 8;
        }
        if (length > (ulong)r.Remaining)
            r.Fail((long)offset, $"line program length 0x{length:x} extends past the end of the section");
        int end = r.Position + (int)length;
        r.Limit = end;
        ushort version = r.ReadU16();
        if (version < 2 || version > 5)
            r.Fail((long)offset, $"line table version {version} is not supported");
        int addressSize = unit.AddressSize;
        if (version >= 5)
        {
            addressSize = r.ReadU8();
            r.ReadU8(); // segment_selector_size
        }
        ulong headerLength = r.ReadOffset(offsetSize);
        if (headerLength > (ulong)r.Remaining)
            r.Fail((long)offset, "line program header runs past the program");
        int programStart = r.Position + (int)headerLength;
        byte minInstLength = r.ReadU8();
        if (version >= 4)
            r.ReadU8(); // maximum_operations_per_instruction (VLIW only)
        bool defaultIsStmt = r.ReadU8() != 0;
        sbyte lineBase = (sbyte)r.ReadU8();
        byte lineRange = r.ReadU8();
        byte opcodeBase = r.ReadU8();
        if (lineRange == 0)
            r.Fail((long)offset, "line_range is 0");
        var operandCounts = new byte[Math.Max(opcodeBase, (byte)1)];
        for (int i = 1; i < opcodeBase; i++)
            operandCounts[i] = r.ReadU8();

        List<string> files = version >= 5
            ? ReadV5Tables(ref r, unit, section)
            : ReadV4Tables(ref r, compDir);
        r.Position = programStart;
        LineRow[] rows = RunProgram(ref r, addressSize, minInstLength, defaultIsStmt, lineBase, lineRange, opcodeBase, operandCounts, files, compDir);
        return new LineTable(rows, files.ToArray());
    }

    private static List<string> ReadV4Tables(ref DwarfReader r, string? compDir)
    {
        var dirs = new List<string> { compDir ?? "" };
        while (true)
        {
            int start = r.SkipCString();
            if (r.Position - start == 1)
                break;
            dirs.Add(Join(compDir ?? "", DwarfFile.Decode(r.Data.Slice(start, r.Position - start - 1))));
        }
        var files = new List<string> { "" }; // DWARF 2-4 file numbers start at 1
        while (true)
        {
            int start = r.SkipCString();
            if (r.Position - start == 1)
                break;
            string name = DwarfFile.Decode(r.Data.Slice(start, r.Position - start - 1));
            ulong dir = r.ReadULeb128();
            r.ReadULeb128(); // modification time
            r.ReadULeb128(); // length
            files.Add(Join(dir < (ulong)dirs.Count ? dirs[(int)dir] : "", name));
        }
        return files;
    }

    private static List<string> ReadV5Tables(ref DwarfReader r, DwarfUnit unit, DwarfSection section)
    {
        List<(string Path, ulong Dir)> ReadEntries(ref DwarfReader r)
        {
            int formatCount = r.ReadU8();
            var format = new (ulong Content, ushort Form)[formatCount];
            for (int i = 0; i < formatCount; i++)
            {
                ulong content = r.ReadULeb128();
                ulong form = r.ReadULeb128();
                if (form > 0xffff)
                    r.Fail(r.Position, $"line table entry form 0x{form:x} is beyond the DWARF form space");
                format[i] = (content, (ushort)form);
            }
            ulong count = r.ReadULeb128();
            if (count > (ulong)r.Remaining)
                r.Fail(r.Position, $"line table lists {count} entries, more than its bytes can hold");
            var entries = new List<(string Path, ulong Dir)>((int)count);
            for (ulong e = 0; e < count; e++)
            {
                string path = "";
                ulong dir = 0;
                foreach (var (content, form) in format)
                {
                    // Other content (DW_LNCT_MD5, _size, _timestamp, vendor kinds) is read and dropped.
                    FormReader.Read(ref r, new AttributeSpec(0, form, 0), unit, out AttributeValue v);
                    if (content == ContentPath)
                        path = LineString(unit, section, v);
                    else if (content == ContentDirectoryIndex)
                        dir = v.Value;
                }
                entries.Add((path, dir));
            }
            return entries;
        }

        List<(string Path, ulong Dir)> dirs = ReadEntries(ref r);
        List<(string Path, ulong Dir)> fileEntries = ReadEntries(ref r);
        // DWARF 5: directory 0 is the compilation directory; other relative directories are
        // relative to it (as addr2line and gdb resolve them).
        string compDir = dirs.Count > 0 ? dirs[0].Path : "";
        var files = new List<string>(fileEntries.Count);
        foreach (var (path, dir) in fileEntries)
        {
            string d = dir < (ulong)dirs.Count ? dirs[(int)dir].Path : "";
            if (dir != 0)
                d = Join(compDir, d);
            files.Add(Join(d, path));
        }
        return files;
    }

    private static string LineString(DwarfUnit unit, DwarfSection lineSection, in AttributeValue v)
    {
        if (v.Form == DwarfForm.String)
            return DwarfFile.Decode(lineSection.Span.Slice(v.DataOffset, v.DataLength));
        return unit.File.TryGetStringBytes(unit, v, out ReadOnlySpan<byte> b) ? DwarfFile.Decode(b) : "";
    }

    private static string Join(string dir, string name) =>
        dir.Length == 0 || name.StartsWith('/') ? name : dir.EndsWith('/') ? dir + name : dir + "/" + name;

    private static LineRow[] RunProgram(ref DwarfReader r, int addressSize, byte minInstLength, bool defaultIsStmt, sbyte lineBase,
        byte lineRange, byte opcodeBase, byte[] operandCounts, List<string> files, string? compDir)
    {
        var rows = new List<LineRow>();
        ulong address = 0;
        int file = 1, line = 1, column = 0;
        bool isStmt = defaultIsStmt;

        void Reset()
        {
            address = 0;
            file = 1;
            line = 1;
            column = 0;
            isStmt = defaultIsStmt;
        }

        while (r.Remaining > 0)
        {
            byte op = r.ReadU8();
            if (op >= opcodeBase)
            {
                int adjusted = op - opcodeBase;
                address += (ulong)(adjusted / lineRange) * minInstLength;
                line += lineBase + adjusted % lineRange;
                rows.Add(new LineRow(address, file, line, column, isStmt, false));
                continue;
            }
            switch (op)
            {
                case 0:
                {
                    ulong len = r.ReadULeb128();
                    if (len == 0 || len > (ulong)r.Remaining)
                        r.Fail(r.Position, $"extended line opcode of length {len} runs past the program");
                    int next = r.Position + (int)len;
                    byte sub = r.ReadU8();
                    switch (sub)
                    {
                        case EndSequence:
                            rows.Add(new LineRow(address, file, line, column, isStmt, true));
                            Reset();
                            break;
                        case SetAddress:
                            address = r.ReadUnsigned((int)len - 1 is 8 or 4 or 2 or 1 ? (int)len - 1 : addressSize);
                            break;
                        case DefineFile:
                        {
                            int start = r.SkipCString();
                            string name = DwarfFile.Decode(r.Data.Slice(start, r.Position - start - 1));
                            files.Add(compDir != null ? Join(compDir, name) : name);
                            break;
                        }
                        case SetDiscriminator:
                            break;
                    }
                    r.Position = next; // unknown or partly read: skip by length
                    break;
                }
                case Copy:
                    rows.Add(new LineRow(address, file, line, column, isStmt, false));
                    break;
                case AdvancePc:
                    address += r.ReadULeb128() * minInstLength;
                    break;
                case AdvanceLine:
                    line += (int)r.ReadSLeb128();
                    break;
                case SetFile:
                    file = (int)Math.Min(r.ReadULeb128(), int.MaxValue);
                    break;
                case SetColumn:
                    column = (int)Math.Min(r.ReadULeb128(), int.MaxValue);
                    break;
                case NegateStmt:
                    isStmt = !isStmt;
                    break;
                case SetBasicBlock:
                case SetPrologueEnd:
                case SetEpilogueBegin:
                    break;
                case ConstAddPc:
                    address += (ulong)((255 - opcodeBase) / lineRange) * minInstLength;
                    break;
                case FixedAdvancePc:
                    address += r.ReadU16();
                    break;
                case SetIsa:
                    r.ReadULeb128();
                    break;
                default:
                    for (int i = 0; i < operandCounts[op]; i++)
                        r.ReadULeb128();
                    break;
            }
        }
        return rows.ToArray();
    }
}
