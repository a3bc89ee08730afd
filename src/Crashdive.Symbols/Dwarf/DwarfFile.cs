using System.Collections.Concurrent;
using System.Text;
using Crashdive.Symbols.Elf;

namespace Crashdive.Symbols.Dwarf;

/// <summary>
/// The DWARF data of one ELF file: its sections, the list of units (headers only, read on first
/// use), abbreviation tables (parsed once per offset and shared), and DIE access by offset.
/// DIEs are never materialised in bulk: a <see cref="Die"/> is a cursor decoded on demand.
/// Safe for concurrent readers.
/// </summary>
public sealed partial class DwarfFile
{
    /// <summary>Set in a DIE key to say the offset is in .debug_types (DWARF 4 type units), not .debug_info.</summary>
    public const ulong TypesSectionFlag = 1UL << 62;

    private readonly ConcurrentDictionary<(ulong Offset, UnitFormat Format), AbbreviationTable> _abbrevTables = new();

    /// <summary>The abbreviations shared by all of this file's tables.</summary>
    internal AbbreviationInterner Abbreviations { get; } = new();
    private DwarfUnit[]? _infoUnits;
    private DwarfUnit[]? _typesUnits;
    private Dictionary<ulong, ulong>? _typeSignatures;
    private ulong[]? _knownOffsets;
    private DwarfUnit?[]? _knownUnits;
    private readonly Lock _lock = new();

    private DwarfSection? _info, _types, _abbrev, _str, _lineStr, _strOffsets, _addr, _rngLists, _ranges, _locLists, _loc, _line, _aranges;

    /// <summary>
    /// Opens the DWARF data of <paramref name="elf"/> (which must stay open). Sections are read when
    /// first used, so a compressed .debug_line or .debug_loclists costs nothing until a command needs it.
    /// </summary>
    public DwarfFile(ElfImage elf)
    {
        Elf = elf;
    }

    /// <summary>The ELF file the sections come from.</summary>
    public ElfImage Elf { get; }

    /// <summary>The file's path, for messages.</summary>
    public string Path => Elf.Path;

    /// <summary>True when the file has a non-empty .debug_info.</summary>
    public bool HasDebugInfo => Info.Length > 0;

    // Racing first uses may wrap the same section twice; the bytes themselves are loaded once by ElfImage.
    internal DwarfSection Info => _info ??= Load(".debug_info");
    internal DwarfSection Types => _types ??= Load(".debug_types");
    internal DwarfSection Abbrev => _abbrev ??= Load(".debug_abbrev");
    internal DwarfSection Str => _str ??= Load(".debug_str");
    internal DwarfSection LineStr => _lineStr ??= Load(".debug_line_str");
    internal DwarfSection StrOffsets => _strOffsets ??= Load(".debug_str_offsets");
    internal DwarfSection Addr => _addr ??= Load(".debug_addr");
    internal DwarfSection RngLists => _rngLists ??= Load(".debug_rnglists");
    internal DwarfSection Ranges => _ranges ??= Load(".debug_ranges");
    internal DwarfSection LocLists => _locLists ??= Load(".debug_loclists");
    internal DwarfSection Loc => _loc ??= Load(".debug_loc");
    internal DwarfSection Line => _line ??= Load(".debug_line");
    internal DwarfSection Aranges => _aranges ??= Load(".debug_aranges");

    /// <summary>The units of .debug_info, in offset order.</summary>
    public IReadOnlyList<DwarfUnit> InfoUnits => EnsureUnits().Info;

    /// <summary>The units of .debug_types (DWARF 4 type units), in offset order.</summary>
    public IReadOnlyList<DwarfUnit> TypesUnits => EnsureUnits().Types;

    /// <summary>The unit holding DIE key <paramref name="dieKey"/>, or null when no unit covers it.</summary>
    public DwarfUnit? FindUnit(ulong dieKey)
    {
        if ((dieKey & TypesSectionFlag) == 0 && Volatile.Read(ref _infoUnits) == null && _knownOffsets is { } known)
        {
            if (TryFindKnownUnit(dieKey, known, out DwarfUnit? unit))
                return unit;
        }
        var (info, types) = EnsureUnits();
        DwarfUnit[] units = (dieKey & TypesSectionFlag) != 0 ? types : info;
        ulong offset = dieKey & ~TypesSectionFlag;
        int lo = 0, hi = units.Length - 1;
        while (lo <= hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            DwarfUnit u = units[mid];
            if (offset < u.Offset)
                hi = mid - 1;
            else if (offset >= u.End)
                lo = mid + 1;
            else
                return u;
        }
        return null;
    }

    /// <summary>The DIE at key <paramref name="dieKey"/> (an offset in .debug_info, or with <see cref="TypesSectionFlag"/> in .debug_types).</summary>
    public Die GetDie(ulong dieKey)
    {
        DwarfUnit unit = FindUnit(dieKey) ?? throw SectionOf(dieKey).Error((long)(dieKey & ~TypesSectionFlag), "DIE offset is not inside any unit");
        return GetDie(unit, dieKey & ~TypesSectionFlag);
    }

    internal Die GetDie(DwarfUnit unit, ulong offset) => GetDie(unit, offset, unit.Abbreviations);

    internal Die GetDie(DwarfUnit unit, ulong offset, AbbreviationTable table)
    {
        if (offset < unit.FirstDieOffset || offset >= unit.End)
            throw unit.Section.Error((long)offset, $"DIE offset is outside the DIE area of {unit}");
        var r = new DwarfReader(unit.Section, (int)offset, (int)unit.End);
        ulong code = r.ReadULeb128();
        if (code == 0)
            r.Fail((long)offset, "DIE reference points at a null entry");
        Abbreviation ab = table.Get(code)
            ?? throw unit.Section.Error((long)offset, $"DIE uses abbreviation {code}, which its table (.debug_abbrev+0x{unit.AbbrevOffset:x}) lacks");
        return new Die(unit, offset, ab, r.Position);
    }

    /// <summary>
    /// Unit offsets known from a valid index cache: units are then read one at a time when a DIE in
    /// them is asked for, instead of all 2,000+ headers of a vmlinux (~10 ms of page faults) at once.
    /// </summary>
    internal void UseKnownUnitOffsets(ulong[] offsets)
    {
        if (offsets.Length == 0 || Volatile.Read(ref _infoUnits) != null)
            return;
        _knownUnits = new DwarfUnit?[offsets.Length];
        _knownOffsets = offsets;
    }

    /// <summary>True once every unit header has been read (a cold scan, or a lookup that needed them all).</summary>
    internal bool AllUnitsRead => Volatile.Read(ref _infoUnits) != null;

    /// <summary>False when the known offsets cannot answer (then every header is read, as without a cache).</summary>
    private bool TryFindKnownUnit(ulong offset, ulong[] known, out DwarfUnit? unit)
    {
        unit = null;
        int found = SortedSearch.LastAtOrBelow(known, offset);
        if (found < 0)
            return true; // before the first unit: no unit
        DwarfUnit? u = Volatile.Read(ref _knownUnits![found]);
        if (u == null)
        {
            try
            {
                u = DwarfUnit.ReadHeader(this, Info, 0, (int)known[found], typesSection: false);
            }
            catch (DebugInfoFormatException)
            {
                // The cache said a unit starts here and it does not: stop trusting its offsets.
                _knownOffsets = null;
                return false;
            }
            Volatile.Write(ref _knownUnits[found], u);
        }
        if (offset < u.End)
            unit = u;
        return true;
    }

    internal DwarfSection SectionOf(ulong dieKey) => (dieKey & TypesSectionFlag) != 0 ? Types : Info;

    internal AbbreviationTable? PeekAbbreviationTable(ulong offset, UnitFormat format) =>
        _abbrevTables.TryGetValue((offset, format), out AbbreviationTable? t) ? t : null;

    internal AbbreviationTable GetAbbreviationTable(ulong offset, UnitFormat format) =>
        _abbrevTables.GetOrAdd((offset, format), static (key, self) => AbbreviationTable.Parse(self.Abbrev, key.Offset, key.Format, self.Abbreviations), this);

    /// <summary>The DIE key of the type a DW_FORM_ref_sig8 signature names, or null.</summary>
    internal ulong? FindTypeBySignature(ulong signature)
    {
        Dictionary<ulong, ulong>? map = Volatile.Read(ref _typeSignatures);
        if (map == null)
        {
            map = new Dictionary<ulong, ulong>();
            var (info, types) = EnsureUnits();
            foreach (DwarfUnit u in info)
            {
                if (u.IsTypeUnit)
                    map.TryAdd(u.TypeSignature, u.TypeOffset);
            }
            foreach (DwarfUnit u in types)
                map.TryAdd(u.TypeSignature, TypesSectionFlag | u.TypeOffset);
            Volatile.Write(ref _typeSignatures, map);
        }
        return map.TryGetValue(signature, out ulong key) ? key : null;
    }

    private (DwarfUnit[] Info, DwarfUnit[] Types) EnsureUnits()
    {
        DwarfUnit[]? info = Volatile.Read(ref _infoUnits);
        if (info != null)
            return (info, _typesUnits!);
        lock (_lock)
        {
            if (_infoUnits == null)
            {
                DwarfUnit[] types = ReadUnits(Types, TypesSectionFlag, typesSection: true);
                _typesUnits = types;
                Volatile.Write(ref _infoUnits, ReadUnits(Info, 0, typesSection: false));
            }
            return (_infoUnits, _typesUnits!);
        }
    }

    private DwarfUnit[] ReadUnits(DwarfSection section, ulong flag, bool typesSection)
    {
        var units = new List<DwarfUnit>();
        int offset = 0;
        while (offset < section.Length)
        {
            DwarfUnit u = DwarfUnit.ReadHeader(this, section, flag, offset, typesSection);
            units.Add(u);
            offset = (int)u.End; // End > offset: a header is at least 11 bytes
        }
        return units.ToArray();
    }

    private DwarfSection Load(string name)
    {
        ElfSection? s = Elf.FindSection(name) ?? Elf.FindSection(".z" + name[1..]);
        SectionData data = s == null ? SectionData.Empty : Elf.GetSectionDataObject(s);
        return new DwarfSection(Elf.Path, name, data);
    }

    /// <summary>Decodes UTF-8 bytes of a DWARF string.</summary>
    internal static string Decode(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
