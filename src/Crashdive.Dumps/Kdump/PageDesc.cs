using System.Runtime.InteropServices;

namespace Crashdive.Dumps.Kdump;

/// <summary><c>page_desc_t</c>: where one dumped page's data is and how it is stored (24 bytes).</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal struct PageDesc
{
    /// <summary>sizeof(page_desc_t).</summary>
    public const int Size = 24;

    public long Offset;      // offset: file offset of the page data
    public uint DataSize;    // size: bytes of (compressed) data
    public uint Flags;       // flags: DUMP_DH_COMPRESSED_*
    public ulong PageFlags;  // page_flags: unused by makedumpfile (0)
}
