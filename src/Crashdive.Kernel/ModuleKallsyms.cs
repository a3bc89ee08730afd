using System.Buffers.Binary;
using Crashdive.Symbols.Types;

namespace Crashdive.Kernel;

/// <summary>
/// One symbol of a loaded module: name, nm-style type letter (the kernel's <c>typetab</c>), run-time address, the
/// module's name, its index in the module's symtab, and the letter crash 8.0.2 derives from the ELF <c>st_info</c> byte instead (<see cref="ModuleKallsyms.CrashLetter"/>).
/// </summary>
public readonly record struct ModuleSymbol(string Name, char Type, ulong Address, string Module, char CrashType = '?', int SymtabIndex = 0);

/// <summary>
/// The symbols of every loaded module, read from each module's own kallsyms in memory
/// (<c>mod-&gt;kallsyms-&gt;{symtab, strtab, typetab, num_symtab}</c>), so that module addresses and
/// names resolve without any .ko file. The kernel's <see cref="Kallsyms"/> table holds only the core
/// kernel's symbols. Reading the <c>modules</c> list needs the vmlinux types (<c>struct module</c>).
/// </summary>
public sealed class ModuleKallsyms
{
    /// <summary>Most modules accepted on the <c>modules</c> list before it is called corrupt.</summary>
    public const int MaxModules = 65_536;

    /// <summary>Most symbols accepted from one module's symtab.</summary>
    public const uint MaxSymbolsPerModule = 1_000_000;

    private const int ElfSymSize = 24; // sizeof(Elf64_Sym)

    private readonly ModuleSymbol[] _byAddress;
    private readonly Dictionary<string, int> _byName;
    private readonly (ulong Start, ulong End, string Module)[] _ranges;

    private ModuleKallsyms(List<ModuleSymbol> symbols, List<(ulong, ulong, string)> ranges, List<string> problems)
    {
        _byAddress = symbols.ToArray();
        Array.Sort(_byAddress, static (a, b) => a.Address != b.Address ? a.Address.CompareTo(b.Address) : string.CompareOrdinal(a.Name, b.Name));
        _byName = new Dictionary<string, int>(_byAddress.Length, StringComparer.Ordinal);
        for (int i = 0; i < _byAddress.Length; i++)
            _byName.TryAdd(_byAddress[i].Name, i);
        _ranges = ranges.ToArray();
        Array.Sort(_ranges, static (a, b) => a.Start.CompareTo(b.Start));
        Problems = problems;
    }

    /// <summary>An empty table (no vmlinux types, or no modules).</summary>
    public static ModuleKallsyms Empty { get; } = new([], [], []);

    /// <summary>Number of symbols.</summary>
    public int Count => _byAddress.Length;

    /// <summary>Modules whose symbols could not be read, one line each (name or address, and why).</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>The symbol of rank <paramref name="rank"/> in address order.</summary>
    public ModuleSymbol this[int rank] => _byAddress[rank];

    /// <summary>The lowest-addressed symbol named <paramref name="name"/>, or null.</summary>
    public ModuleSymbol? Find(string name) => _byName.TryGetValue(name, out int i) ? _byAddress[i] : null;

    /// <summary>The name of the module whose memory holds <paramref name="address"/>, or null.</summary>
    public string? ModuleAt(ulong address)
    {
        foreach (var (start, end, module) in _ranges)
        {
            if (address >= start && address < end)
                return module;
        }
        return null;
    }

    /// <summary>
    /// The symbol at or below <paramref name="address"/> in the module whose memory holds it, with the
    /// offset into it; null when no module holds the address or no symbol of that module is below it.
    /// </summary>
    public (ModuleSymbol Symbol, ulong Offset)? Resolve(ulong address)
    {
        string? module = ModuleAt(address);
        if (module == null)
            return null;
        int lo = 0, hi = _byAddress.Length - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_byAddress[mid].Address <= address)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        // the first of the symbols sharing that address, as crash names it, within the same module
        while (found > 0 && _byAddress[found - 1].Address == _byAddress[found].Address)
            found--;
        for (int r = found; r >= 0; r--)
        {
            if (_byAddress[r].Module == module)
                return (_byAddress[r], address - _byAddress[r].Address);
        }
        return null;
    }

    /// <summary>
    /// Walks <c>modules</c> and reads each module's kallsyms. A module whose symbols cannot be read is
    /// listed in <see cref="Problems"/> and skipped; a broken list stops the walk there.
    /// </summary>
    public static ModuleKallsyms Read(KernelProgram kernel)
    {
        if (kernel.Vmlinux == null || kernel.FindType("struct module") is not CType moduleType
            || kernel.SymbolAddress("modules") is not ulong head)
            return Empty;
        var symbols = new List<ModuleSymbol>();
        var ranges = new List<(ulong, ulong, string)>();
        var problems = new List<string>();
        ulong listOffset = ((StructType)moduleType.Underlying()).FindMember("list")!.Value.Offset;
        var seen = new HashSet<ulong>();
        ulong node = kernel.Memory.TryReadPointer(head, out ulong n) ? n : head;
        while (node != head && node != 0 && seen.Count < MaxModules && seen.Add(node))
        {
            KObject mod = KObject.Reference(kernel, moduleType, node - listOffset);
            string name = $"module@{mod.Address:x}";
            try
            {
                name = mod.Member("name").ReadString(64);
                foreach (var (start, size) in Regions(mod))
                    ranges.Add((start, start + size, name));
                ReadSymbols(kernel, mod, name, symbols);
            }
            catch (Exception e) when (e is Dumps.MemoryFaultException or KernelObjectException)
            {
                problems.Add($"{name}: {e.Message}");
            }
            if (!kernel.Memory.TryReadPointer(node, out node))
            {
                problems.Add($"modules list: cannot read the next pointer at 0x{node:x}");
                break;
            }
        }
        return new ModuleKallsyms(symbols, ranges, problems);
    }

    /// <summary>
    /// The memory regions of a module (<c>struct module *</c>): <c>mem[]</c> since 6.4 (commit ac3b43283923
    /// "module: replace module_layout with module_memory"), <c>core_layout</c> and <c>init_layout</c> before.
    /// Regions of size 0 are left out.
    /// </summary>
    public static IEnumerable<(ulong Base, ulong Size)> Regions(KObject mod)
    {
        if (mod.HasMember("mem"))
        {
            KObject mem = mod.Member("mem");
            ulong count = mem.UnderlyingType is ArrayType a && a.Length is ulong len ? len : 0;
            for (ulong i = 0; i < count && i < 16; i++)
            {
                KObject m = mem.Index((long)i);
                ulong size = m.Member("size").ToUInt64();
                if (size != 0)
                    yield return (m.Member("base").ToUInt64(), size);
            }
            yield break;
        }
        foreach (string layout in new[] { "core_layout", "init_layout" })
        {
            if (!mod.HasMember(layout))
                continue;
            KObject l = mod.Member(layout);
            ulong size = l.Member("size").ToUInt64();
            if (size != 0)
                yield return (l.Member("base").ToUInt64(), size);
        }
    }

    private static void ReadSymbols(KernelProgram kernel, KObject mod, string module, List<ModuleSymbol> into)
    {
        if (!mod.HasMember("kallsyms"))
            return;
        ulong ks = mod.Member("kallsyms").ToUInt64();
        if (ks == 0)
            return;
        KObject kallsyms = mod.Member("kallsyms").Deref();
        ulong symtab = kallsyms.Member("symtab").ToUInt64();
        ulong strtab = kallsyms.Member("strtab").ToUInt64();
        ulong typetab = kallsyms.HasMember("typetab") ? kallsyms.Member("typetab").ToUInt64() : 0;
        uint count = (uint)kallsyms.Member("num_symtab").ToUInt64();
        if (count > MaxSymbolsPerModule)
            throw new KernelObjectException($"num_symtab {count} is absurd");
        if (count == 0)
            return;
        var table = new byte[checked((int)count * ElfSymSize)];
        kernel.Memory.Read(symtab, table);
        var types = new byte[count];
        if (typetab != 0 && !kernel.Memory.TryRead(typetab, types))
            typetab = 0;
        for (int i = 1; i < count; i++)
        {
            ReadOnlySpan<byte> s = table.AsSpan(i * ElfSymSize, ElfSymSize);
            uint nameOffset = BinaryPrimitives.ReadUInt32LittleEndian(s);
            ushort shndx = BinaryPrimitives.ReadUInt16LittleEndian(s[6..]);
            ulong value = BinaryPrimitives.ReadUInt64LittleEndian(s[8..]);
            if (shndx == 0 || nameOffset == 0)
                continue;
            string? name = kernel.Memory.TryReadCString(strtab + nameOffset, 512);
            if (string.IsNullOrEmpty(name) || name[0] == '$')
                continue;
            char type = typetab != 0 ? (char)types[i] : TypeFromInfo(s[4]);
            into.Add(new ModuleSymbol(name, type, value, module, CrashLetter(s[4]), i));
        }
    }

    /// <summary>
    /// crash's letter for a module symbol from its <c>st_info</c>: a printable byte is itself (kernels that stored the
    /// letter there), a local function 't', a global function 'T', anything else '?'.
    /// </summary>
    public static char CrashLetter(byte info) => info switch
    {
        >= (byte)' ' and < 0x7f => (char)info,
        0x02 => 't',
        0x12 => 'T',
        _ => '?',
    };

    // Before typetab (4.5), the letter came from st_info; near enough: functions 't', objects 'd'.
    private static char TypeFromInfo(byte info) => (info & 0xf) == 2 ? 't' : 'd';
}
