using Crashdive.Symbols.Dwarf.Frames;

namespace Crashdive.Symbols;

public sealed partial class SymbolFile
{
    private CallFrameTable? _callFrames;

    /// <summary>
    /// The DWARF call frame row (.debug_frame) at link-time address <paramref name="pc"/>: how the caller's
    /// CFA and saved registers are found. Null when the file has no FDE for it.
    /// </summary>
    public CallFrameRow? FindCallFrameRow(ulong pc)
    {
        if (Dwarf.Frame.Length == 0)
            return null;
        CallFrameTable table = _callFrames ??= CallFrameTable.Build(Dwarf.Frame, 8); // ElfImage opens only ELF64
        return table.Find(pc);
    }
}
