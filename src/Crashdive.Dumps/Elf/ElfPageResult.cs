namespace Crashdive.Dumps.Elf;

/// <summary>What an ELF dump holds for one page.</summary>
internal enum ElfPageResult
{
    /// <summary>Every byte is in the file or zero-filled by p_memsz.</summary>
    Present,
    /// <summary>No PT_LOAD covers the page.</summary>
    NotCovered,
    /// <summary>PT_LOADs cover only part of the page.</summary>
    PartlyCovered,
    /// <summary>The page's bytes lie past the end of a truncated file.</summary>
    PastEndOfFile,
    /// <summary>The file could not be read.</summary>
    ReadError,
}
