namespace Crashdive.Symbols.Elf;

/// <summary>The type of an ELF symbol (STT_*). Values outside the list are kept as they are.</summary>
public enum ElfSymbolType : byte
{
    /// <summary>STT_NOTYPE.</summary>
    NoType = 0,
    /// <summary>STT_OBJECT: a variable.</summary>
    Object = 1,
    /// <summary>STT_FUNC: a function.</summary>
    Function = 2,
    /// <summary>STT_SECTION.</summary>
    Section = 3,
    /// <summary>STT_FILE.</summary>
    File = 4,
    /// <summary>STT_COMMON.</summary>
    Common = 5,
    /// <summary>STT_TLS.</summary>
    Tls = 6,
}
