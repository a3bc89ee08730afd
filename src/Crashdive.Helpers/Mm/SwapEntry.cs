using Crashdive.Kernel;

namespace Crashdive.Helpers.Mm;

/// <summary>
/// An x86-64 swap PTE (a PTE that is not present and not zero) as crash decodes it: with the L1TF
/// mitigation (4.19+, <c>l1tf_mitigation</c> present) the type is in bits 59-63 and the offset inverted
/// above bit 9; before, type bits 9-13 and offset from bit 14.
/// </summary>
public static class SwapEntry
{
    /// <summary>The swap type (index into <c>swap_info[]</c>) and page offset of <paramref name="pte"/>.</summary>
    public static (ulong Type, ulong Offset) Decode(KernelProgram kernel, ulong pte) =>
        kernel.SymbolAddress("l1tf_mitigation") != null
            ? (pte >> 59, (~pte << 5) >> 14)
            : ((pte >> 9) & 0x1f, pte >> 14);

    /// <summary>
    /// crash's <c>swap_location</c> text, <c>DEVICE  OFFSET: N</c>: the swap file's path, or
    /// <c>(unknown swap location)</c> when <c>swap_info[type]</c> names none.
    /// </summary>
    public static string Location(KernelProgram kernel, ulong pte)
    {
        var (type, offset) = Decode(kernel, pte);
        string device = "(unknown swap location)";
        try
        {
            if (kernel.FindVariable("swap_info") is KObject table && table.UnderlyingType is Symbols.Types.ArrayType a && type < (a.Length ?? 0))
            {
                KObject e = table.Index((long)type);
                if (!e.IsPointer || e.ToUInt64() != 0)
                {
                    KObject s = e.IsPointer ? e.Deref() : e;
                    if (s.Member("swap_file").ToUInt64() != 0)
                        device = Fs.DPath.OfPath(s.Member("swap_file").Deref().Member("f_path"));
                }
            }
        }
        catch (Exception ex) when (ex is Dumps.MemoryFaultException or KernelObjectException)
        {
        }
        return $"{device}  OFFSET: {offset}";
    }
}
