namespace Crashdive.Symbols.Dwarf.Lines;

/// <summary>
/// One unit's line table rearranged the way gdb (10, inside crash 8.0.2) keeps it, so that a lookup
/// names the same file and line crash prints for <c>dis -l</c> and <c>bt -l</c>: one sorted table per
/// source file ("subfile"); a switch of file at address X ends the old file's range with a line-0
/// marker at X (which drops that file's other entries at X); a non-statement row at the address of a
/// file switch is ignored when a statement row was already seen there; line-0 rows are dropped;
/// sequences starting at address 0 (discarded code) are not recorded. A lookup takes, in each file,
/// the last entry at or below the address (falling back to a statement entry at the same address),
/// and keeps the closest one over all files, the primary file first and ties to the earlier file.
/// </summary>
public sealed class GdbLineTable
{
    private readonly string[] _fileNames;
    private readonly Entry[][] _tables;

    private readonly record struct Entry(ulong Pc, int Line, bool IsStmt);

    private GdbLineTable(string[] fileNames, Entry[][] tables)
    {
        _fileNames = fileNames;
        _tables = tables;
    }

    /// <summary>Rearranges <paramref name="table"/>; <paramref name="primary"/> is the unit's own file name (DW_AT_name), or null.</summary>
    public static GdbLineTable Build(LineTable table, string? primary)
    {
        // Subfiles by name (gdb's start_subfile merges file entries that name the same file).
        var names = new List<string>();
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        var subfileOf = new int[table.Files.Count];
        for (int i = 0; i < table.Files.Count; i++)
        {
            string n = table.Files[i];
            if (!byName.TryGetValue(n, out int s))
            {
                s = names.Count;
                byName[n] = s;
                names.Add(n);
            }
            subfileOf[i] = s;
        }
        var lists = new List<Entry>[names.Count];
        for (int i = 0; i < lists.Length; i++)
            lists[i] = new List<Entry>();

        int lastSubfile = -1, lastLine = 0;
        ulong lastAddress = ulong.MaxValue;
        bool stmtAtAddress = false, recording = true, sequenceStart = true;
        IReadOnlyList<LineRow> rows = table.Rows;
        for (int i = 0; i < rows.Count; i++)
        {
            LineRow r = rows[i];
            if (sequenceStart)
            {
                recording = r.Address != 0;
                sequenceStart = false;
                lastSubfile = -1;
                lastLine = 0;
            }
            if (r.Address != lastAddress)
            {
                stmtAtAddress = false;
            }
            stmtAtAddress |= r.IsStatement;
            int subfile = (uint)r.File < (uint)subfileOf.Length ? subfileOf[r.File] : -1;
            bool endSequence = r.EndSequence;
            if (subfile >= 0 && recording)
            {
                bool fileChanged = lastSubfile != subfile;
                bool ignore = (fileChanged && !endSequence && lastAddress == r.Address && !r.IsStatement && StmtBefore(rows, i))
                    || (!endSequence && r.Line == 0);
                if ((fileChanged && !ignore) || endSequence)
                {
                    if (lastSubfile >= 0)
                        Record(lists[lastSubfile], 0, r.Address, true);
                }
                if (!endSequence && !ignore)
                {
                    Record(lists[subfile], r.Line, r.Address, r.IsStatement);
                    lastSubfile = subfile;
                    lastLine = r.Line;
                }
            }
            lastAddress = r.Address;
            if (endSequence)
            {
                sequenceStart = true;
                lastAddress = ulong.MaxValue;
            }
        }
        _ = lastLine;

        // The primary file first, the others in file-table order (gdb moves the primary symtab to the front).
        var order = new List<int>(names.Count);
        if (primary != null)
        {
            for (int i = 0; i < names.Count; i++)
            {
                if (names[i] == primary || names[i].EndsWith("/" + primary, StringComparison.Ordinal))
                {
                    order.Add(i);
                    break;
                }
            }
        }
        for (int i = 0; i < names.Count; i++)
        {
            if (!order.Contains(i))
                order.Add(i);
        }
        var fileNames = new string[order.Count];
        var tables = new Entry[order.Count][];
        for (int k = 0; k < order.Count; k++)
        {
            fileNames[k] = names[order[k]];
            List<Entry> l = lists[order[k]];
            Entry[] arr = l.ToArray();
            // gdb's stable sort by address, end markers (line 0) first among equal addresses.
            var keyed = new (Entry E, int I)[arr.Length];
            for (int j = 0; j < arr.Length; j++)
                keyed[j] = (arr[j], j);
            Array.Sort(keyed, static (a, b) =>
            {
                if (a.E.Pc != b.E.Pc)
                    return a.E.Pc.CompareTo(b.E.Pc);
                bool az = a.E.Line == 0, bz = b.E.Line == 0;
                if (az != bz)
                    return az ? -1 : 1;
                return a.I.CompareTo(b.I);
            });
            for (int j = 0; j < arr.Length; j++)
                arr[j] = keyed[j].E;
            tables[k] = arr;
        }
        return new GdbLineTable(fileNames, tables);
    }

    // gdb's m_stmt_at_address: a statement row already seen at this row's address in this sequence.
    private static bool StmtBefore(IReadOnlyList<LineRow> rows, int i)
    {
        ulong a = rows[i].Address;
        for (int j = i - 1; j >= 0 && rows[j].Address == a && !rows[j].EndSequence; j--)
        {
            if (rows[j].IsStatement)
                return true;
        }
        return false;
    }

    // gdb's buildsym record_line: an end marker removes the file's entries at the same address.
    private static void Record(List<Entry> list, int line, ulong pc, bool isStmt)
    {
        if (line == 0)
        {
            while (list.Count > 0 && list[^1].Pc == pc)
                list.RemoveAt(list.Count - 1);
        }
        list.Add(new Entry(pc, line, isStmt));
    }

    /// <summary>The file and line gdb's <c>find_pc_line</c> gives for <paramref name="pc"/>, or null.</summary>
    public SourceLocation? Find(ulong pc) => FindRange(pc)?.Location;

    /// <summary>
    /// As <see cref="Find"/>, with the range gdb gives the line there (<c>sal.pc</c> and <c>sal.end</c>): from the
    /// entry found to the next entry of any file after <paramref name="pc"/> (0 when there is none).
    /// </summary>
    public (SourceLocation Location, ulong Start, ulong End)? FindRange(ulong pc)
    {
        ulong end = 0;
        int bestFile = -1;
        Entry best = default;
        for (int f = 0; f < _tables.Length; f++)
        {
            Entry[] t = _tables[f];
            int lo = 0, hi = t.Length; // upper bound: first entry with Pc > pc
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (t[mid].Pc <= pc)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            if (lo < t.Length && (end == 0 || t[lo].Pc < end))
                end = t[lo].Pc;
            int prev = lo - 1;
            if (prev < 0)
                continue;
            Entry e = t[prev];
            if (e.Line != 0 && (bestFile < 0 || e.Pc > best.Pc))
            {
                if (!e.IsStmt)
                {
                    int tmp = prev;
                    while (tmp > 0 && t[tmp - 1].Pc == t[tmp].Pc && t[tmp - 1].Line != 0 && !t[tmp].IsStmt)
                        tmp--;
                    if (t[tmp].IsStmt)
                        e = t[tmp];
                }
                best = e;
                bestFile = f;
            }
        }
        return bestFile < 0 ? null : (new SourceLocation(_fileNames[bestFile], best.Line, 0), best.Pc, end);
    }
}
