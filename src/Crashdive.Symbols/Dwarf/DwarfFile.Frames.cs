namespace Crashdive.Symbols.Dwarf;

public sealed partial class DwarfFile
{
    private DwarfSection? _frame;

    /// <summary>.debug_frame (the DWARF call frame information), empty when the file lacks it.</summary>
    internal DwarfSection Frame => _frame ??= Load(".debug_frame");
}
