using System.Runtime.InteropServices;

namespace Crashdive.Dumps.Kdump;

/// <summary>
/// <c>struct kdump_sub_header</c> (LP64), one block after the start of the file. Which fields exist
/// depends on <c>header_version</c>; <see cref="ForVersion"/> clears the ones a version does not have.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal struct KdumpSubHeader
{
    /// <summary>sizeof(struct kdump_sub_header) on LP64 (version 6).</summary>
    public const int Size = 104;

    public ulong PhysBase;          // phys_base
    public int DumpLevel;           // dump_level (version 1+)
    public int Split;               // split (version 2+)
    public ulong StartPfn;          // start_pfn (version 2+, obsolete from 6)
    public ulong EndPfn;            // end_pfn (version 2+, obsolete from 6)
    public long OffsetVmcoreinfo;   // offset_vmcoreinfo (version 3+)
    public ulong SizeVmcoreinfo;    // size_vmcoreinfo (version 3+)
    public long OffsetNote;         // offset_note (version 4+)
    public ulong SizeNote;          // size_note (version 4+)
    public long OffsetEraseinfo;    // offset_eraseinfo (version 5+)
    public ulong SizeEraseinfo;     // size_eraseinfo (version 5+)
    public ulong StartPfn64;        // start_pfn_64 (version 6+)
    public ulong EndPfn64;          // end_pfn_64 (version 6+)
    public ulong MaxMapnr64;        // max_mapnr_64 (version 6+)

    /// <summary>This header with the fields <paramref name="version"/> does not define set to zero.</summary>
    public readonly KdumpSubHeader ForVersion(int version)
    {
        var h = this;
        if (version < 1)
            h.DumpLevel = 0;
        if (version < 2)
        {
            h.Split = 0;
            h.StartPfn = h.EndPfn = 0;
        }
        if (version < 3)
        {
            h.OffsetVmcoreinfo = 0;
            h.SizeVmcoreinfo = 0;
        }
        if (version < 4)
        {
            h.OffsetNote = 0;
            h.SizeNote = 0;
        }
        if (version < 5)
        {
            h.OffsetEraseinfo = 0;
            h.SizeEraseinfo = 0;
        }
        if (version < 6)
            h.StartPfn64 = h.EndPfn64 = h.MaxMapnr64 = 0;
        return h;
    }
}
