using System.Runtime.InteropServices;

namespace Crashdive.Symbols.Dwarf.Index;

/// <summary>
/// One name-index entry as stored in memory and in the cache file (16 bytes, little-endian):
/// the name's hash, then the DIE offset (bits 0-47), a .debug_types bit (48), the
/// <see cref="NameIndexKind"/> (bits 56-59) and a declaration bit (60).
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal readonly struct NameIndexEntry
{
    public readonly ulong NameHash; // NameHash.Of(name)
    public readonly ulong Packed;   // offset | types << 48 | kind << 56 | declaration << 60

    private const ulong OffsetMask = (1UL << 48) - 1;
    private const ulong TypesBit = 1UL << 48;
    private const ulong DeclarationBit = 1UL << 60;

    public NameIndexEntry(ulong nameHash, ulong packed)
    {
        NameHash = nameHash;
        Packed = packed;
    }

    /// <summary>Packs a DIE key, kind and declaration flag.</summary>
    public static ulong Pack(ulong dieKey, NameIndexKind kind, bool declaration)
    {
        ulong p = (dieKey & OffsetMask) | ((ulong)kind << 56);
        if ((dieKey & DwarfFile.TypesSectionFlag) != 0)
            p |= TypesBit;
        if (declaration)
            p |= DeclarationBit;
        return p;
    }

    /// <summary>The DIE key (see <see cref="Die.Key"/>).</summary>
    public ulong DieKey => (Packed & OffsetMask) | ((Packed & TypesBit) != 0 ? DwarfFile.TypesSectionFlag : 0);

    /// <summary>What the entry names.</summary>
    public NameIndexKind Kind => (NameIndexKind)((Packed >> 56) & 0xf);

    /// <summary>True for declarations (of types: incomplete; of variables and functions: no storage or code in this DIE).</summary>
    public bool IsDeclaration => (Packed & DeclarationBit) != 0;
}
