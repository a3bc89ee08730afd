namespace Crashdive.Symbols.Dwarf.Lines;

/// <summary>
/// The decoded line program of one unit: its rows in program order and its file names, with
/// address lookup. Immutable.
/// </summary>
public sealed class LineTable
{
    private readonly LineRow[] _rows;
    private readonly string[] _files;
    private readonly ulong[] _starts;   // addresses of rows that begin a non-empty range, sorted
    private readonly int[] _rowOfStart;

    internal LineTable(LineRow[] rows, string[] files)
    {
        _rows = rows;
        _files = files;
        var starts = new List<(ulong Address, int Row)>(rows.Length);
        for (int i = 0; i + 1 < rows.Length; i++)
        {
            // Row i covers [its address, next row's address) unless it ends a sequence.
            if (!rows[i].EndSequence && rows[i + 1].Address > rows[i].Address)
                starts.Add((rows[i].Address, i));
        }
        starts.Sort(static (a, b) => a.Address != b.Address ? a.Address.CompareTo(b.Address) : a.Row.CompareTo(b.Row));
        _starts = new ulong[starts.Count];
        _rowOfStart = new int[starts.Count];
        for (int i = 0; i < starts.Count; i++)
        {
            _starts[i] = starts[i].Address;
            _rowOfStart[i] = starts[i].Row;
        }
    }

    /// <summary>The rows in program order.</summary>
    public IReadOnlyList<LineRow> Rows => _rows;

    /// <summary>The file names (full paths where the table gives directories), by the index rows use.</summary>
    public IReadOnlyList<string> Files => _files;

    /// <summary>The row whose address range holds <paramref name="address"/>, or null.</summary>
    public LineRow? FindRow(ulong address)
    {
        int found = SortedSearch.LastAtOrBelow(_starts, address);
        if (found < 0)
            return null;
        int row = _rowOfStart[found];
        return address < _rows[row + 1].Address ? _rows[row] : null;
    }

    /// <summary>The source position of <paramref name="address"/>, or null when the table does not cover it.</summary>
    public SourceLocation? Find(ulong address)
    {
        if (FindRow(address) is not LineRow r)
            return null;
        string file = (uint)r.File < (uint)_files.Length ? _files[r.File] : $"<file {r.File}>";
        return new SourceLocation(file, r.Line, r.Column);
    }
}
