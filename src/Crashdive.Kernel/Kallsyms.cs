using System.Buffers.Binary;
using System.Text;
using Crashdive.Memory;

namespace Crashdive.Kernel;

/// <summary>
/// The kernel's own symbol table (kallsyms) decoded from the dump's memory, so addresses and
/// names resolve without a vmlinux. Located through VMCOREINFO's <c>SYMBOL(kallsyms_*)</c> lines.
/// Handles the base-relative offsets with absolute per-cpu symbols (x86-64's configuration) and
/// the two-byte name lengths of 6.1+ ("big" symbols).
/// </summary>
public sealed partial class Kallsyms
{
    /// <summary>Most symbols accepted; a 6.x kernel has about 150k with modules built in.</summary>
    public const uint MaxSymbols = 4_000_000;

    private readonly string[] _names;
    private readonly char[] _types;
    private readonly ulong[] _addresses;
    private readonly int[] _byAddress;
    private readonly Dictionary<string, int> _byName;

    private Kallsyms(string[] names, char[] types, ulong[] addresses)
    {
        _names = names;
        _types = types;
        _addresses = addresses;
        _byAddress = new int[names.Length];
        for (int i = 0; i < _byAddress.Length; i++)
            _byAddress[i] = i;
        // Symbols sharing an address are ordered by name, as crash orders the vmlinux symbol table,
        // so that "first at this address" means the same thing in both tools.
        Array.Sort(_byAddress, (a, b) => addresses[a] != addresses[b] ? addresses[a].CompareTo(addresses[b])
            : string.CompareOrdinal(names[a], names[b]) is int c && c != 0 ? c : a.CompareTo(b));
        _byName = new Dictionary<string, int>(names.Length, StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
            _byName.TryAdd(names[i], i); // first wins, as kallsyms_lookup_name does
    }

    /// <summary>Number of symbols.</summary>
    public int Count => _names.Length;

    /// <summary>
    /// Address of the first symbol named <paramref name="name"/>, or else of the first whose name crash stores as
    /// <paramref name="name"/> (<c>finish_task_switch</c> for <c>finish_task_switch.isra.0</c>), or null.
    /// </summary>
    public ulong? Lookup(string name) => IndexOf(name) is int i ? _addresses[i] : null;

    /// <summary>The nm-style type letter of <paramref name="name"/> ('T', 'd', ...), or null.</summary>
    public char? TypeOf(string name) => IndexOf(name) is int i ? _types[i] : null;

    private Dictionary<string, int>? _byStrippedName;

    private int? IndexOf(string name)
    {
        if (_byName.TryGetValue(name, out int i))
            return i;
        var stripped = _byStrippedName ??= StrippedNames();
        return stripped.TryGetValue(name, out i) ? i : null;
    }

    // crash's names of the clones (".isra.", ".part.", ".llvm." cut off), first by symbol order
    private Dictionary<string, int> StrippedNames()
    {
        var d = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < _names.Length; i++)
        {
            string s = SymbolNames.StripCloneSuffix(_names[i]);
            if (!ReferenceEquals(s, _names[i]))
                d.TryAdd(s, i);
        }
        return d;
    }

    /// <summary>
    /// The symbol at or below <paramref name="address"/>: its name, address and the offset into it.
    /// Null when the address is below every symbol.
    /// </summary>
    public (string Name, ulong Address, ulong Offset)? Resolve(ulong address)
    {
        int rank = RankAtOrBelow(address);
        if (rank < 0)
            return null;
        int idx = _byAddress[rank];
        return (_names[idx], _addresses[idx], address - _addresses[idx]);
    }

    /// <summary>All symbols in address order.</summary>
    public IEnumerable<(string Name, char Type, ulong Address)> All()
    {
        foreach (int i in _byAddress)
            yield return (_names[i], _types[i], _addresses[i]);
    }

    /// <summary>
    /// Decodes kallsyms from kernel memory. Throws <see cref="KallsymsException"/> naming what was
    /// missing or inconsistent; memory faults pass through as <see cref="Dumps.MemoryFaultException"/>.
    /// </summary>
    public static Kallsyms Read(KernelProgram kernel)
    {
        var vi = kernel.VmcoreInfo ?? throw new KallsymsException("the dump has no VMCOREINFO");
        ulong Need(string s) => vi.Symbol(s) ?? throw new KallsymsException($"VMCOREINFO lacks SYMBOL({s})");
        ulong numAddr = Need("kallsyms_num_syms");
        ulong namesAddr = Need("kallsyms_names");
        ulong tokenTable = Need("kallsyms_token_table");
        ulong tokenIndex = Need("kallsyms_token_index");
        ulong offsetsAddr = Need("kallsyms_offsets");
        ulong relBaseAddr = Need("kallsyms_relative_base");
        MemoryReader mem = kernel.Memory;

        uint count = mem.Read<uint>(numAddr);
        if (count == 0 || count > MaxSymbols)
            throw new KallsymsException($"kallsyms_num_syms {count} is absurd");
        ulong relBase = mem.ReadPointer(relBaseAddr);

        var tokens = ReadTokens(mem, tokenTable, tokenIndex);
        var offsets = new byte[checked((int)count * 4)];
        mem.Read(offsetsAddr, offsets);

        var names = new string[count];
        var types = new char[count];
        var addresses = new ulong[count];
        var chunk = new byte[64 * 1024];
        ulong chunkStart = namesAddr;
        int chunkLen = 0, pos = 0;
        var sb = new StringBuilder(64);
        for (int i = 0; i < count; i++)
        {
            // keep at least 2 + 0x3fff bytes of encoded name ahead in the buffer
            if (chunkLen - pos < 2 + 0x4000)
            {
                chunkStart += (ulong)pos;
                chunkLen = mem.Space.Read(chunkStart, chunk);
                pos = 0;
                if (chunkLen < 1)
                    throw new KallsymsException($"kallsyms_names unreadable at {chunkStart:x} (symbol {i})");
            }
            int len = chunk[pos++];
            if ((len & 0x80) != 0)
            {
                if (pos >= chunkLen)
                    throw new KallsymsException($"kallsyms_names truncated at symbol {i}");
                len = (len & 0x7f) | (chunk[pos++] << 7);
            }
            if (pos + len > chunkLen)
                throw new KallsymsException($"kallsyms_names entry {i} runs past readable memory");
            sb.Clear();
            for (int k = 0; k < len; k++)
                sb.Append(tokens[chunk[pos + k]]);
            pos += len;
            if (sb.Length == 0)
                throw new KallsymsException($"kallsyms_names entry {i} is empty");
            types[i] = sb[0];
            names[i] = sb.ToString(1, sb.Length - 1);
            int off = BinaryPrimitives.ReadInt32LittleEndian(offsets.AsSpan(i * 4));
            // CONFIG_KALLSYMS_ABSOLUTE_PERCPU: non-negative offsets are absolute (per-cpu symbols),
            // negative ones are relative_base - 1 - offset.
            addresses[i] = off >= 0 ? (ulong)off : relBase - 1 - (ulong)(long)off;
        }
        return new Kallsyms(names, types, addresses);
    }

    private static string[] ReadTokens(MemoryReader mem, ulong table, ulong index)
    {
        var idx = new byte[256 * 2];
        mem.Read(index, idx);
        var tokens = new string[256];
        for (int t = 0; t < 256; t++)
        {
            ushort off = BinaryPrimitives.ReadUInt16LittleEndian(idx.AsSpan(t * 2));
            tokens[t] = mem.TryReadCString(table + off, 256) ?? throw new KallsymsException($"kallsyms token {t} unreadable");
        }
        return tokens;
    }
}
