namespace Crashdive.Symbols.Elf;

/// <summary>An address expressed as symbol + offset (crash's and gdb's "schedule+0x2c").</summary>
public readonly record struct SymbolOffset(ElfSymbol Symbol, ulong Offset)
{
    /// <summary>True when the address is inside the symbol's st_size (false for sizeless symbols past their start).</summary>
    public bool IsInsideSymbol => Offset < Symbol.Size || (Offset == 0);

    /// <summary>"name" or "name+0xoff".</summary>
    public override string ToString() => Offset == 0 ? Symbol.Name : $"{Symbol.Name}+0x{Offset:x}";
}
