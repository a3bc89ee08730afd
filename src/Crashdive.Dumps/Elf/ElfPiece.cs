namespace Crashdive.Dumps.Elf;

/// <summary>
/// A stretch of physical memory served by one PT_LOAD, after overlaps between segments are
/// resolved: [<see cref="Start"/>, <see cref="DataEnd"/>) is in the file at <see cref="FileOffset"/>,
/// [<see cref="DataEnd"/>, <see cref="End"/>) reads as zeros (<c>p_memsz</c> beyond <c>p_filesz</c>).
/// </summary>
internal readonly struct ElfPiece(ulong start, ulong end, ulong dataEnd, long fileOffset, int segment)
{
    /// <summary>First physical address.</summary>
    public readonly ulong Start = start;
    /// <summary>One past the last physical address.</summary>
    public readonly ulong End = end;
    /// <summary>One past the last physical address whose byte is stored in the file (Start &lt;= DataEnd &lt;= End).</summary>
    public readonly ulong DataEnd = dataEnd;
    /// <summary>File offset of the byte at <see cref="Start"/> (meaningless when DataEnd == Start).</summary>
    public readonly long FileOffset = fileOffset;
    /// <summary>Index into the dump's PT_LOAD list.</summary>
    public readonly int Segment = segment;
}
