namespace Crashdive.Symbols.Elf;

/// <summary>The binding of an ELF symbol (STB_*). Values outside the list are kept as they are.</summary>
public enum ElfSymbolBinding : byte
{
    /// <summary>STB_LOCAL: visible in its object file only (crash prints it as lower-case t/d/b).</summary>
    Local = 0,
    /// <summary>STB_GLOBAL.</summary>
    Global = 1,
    /// <summary>STB_WEAK.</summary>
    Weak = 2,
    /// <summary>STB_GNU_UNIQUE.</summary>
    Unique = 10,
}
