using System.Runtime.InteropServices;

namespace Crashdive.Dumps.Kdump;

/// <summary>
/// <c>struct disk_dump_header</c> of makedumpfile's diskdump_mod.h as laid out on x86-64 and other
/// LP64 targets: 464 bytes at offset 0, padded to one block in the file.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal unsafe struct DiskDumpHeader
{
    /// <summary>sizeof(struct disk_dump_header) on LP64.</summary>
    public const int Size = 464;

    /// <summary>Length of one <c>struct new_utsname</c> field.</summary>
    public const int UtsFieldLength = 65;

    public fixed byte Signature[8];        // signature, "KDUMP   "
    public int HeaderVersion;              // header_version
    public fixed byte Utsname[6 * UtsFieldLength]; // utsname: sysname, nodename, release, version, machine, domainname
    public fixed byte Padding[6];          // (none: the C compiler aligns timestamp to 8)
    public long TimestampSeconds;          // timestamp.tv_sec
    public long TimestampMicroseconds;     // timestamp.tv_usec
    public uint Status;                    // status
    public int BlockSize;                  // block_size
    public int SubHeaderBlocks;            // sub_hdr_size (in blocks)
    public uint BitmapBlocks;              // bitmap_blocks
    public uint MaxMapnr;                  // max_mapnr (32-bit, obsolete from version 6)
    public uint TotalRamBlocks;            // total_ram_blocks
    public uint DeviceBlocks;              // device_blocks
    public uint WrittenBlocks;             // written_blocks
    public uint CurrentCpu;                // current_cpu
    public int NrCpus;                     // nr_cpus
    // struct task_struct *tasks[0] follows; makedumpfile never fills it

    /// <summary>One utsname field (0 sysname … 5 domainname), up to its first NUL.</summary>
    public readonly string Uts(int index)
    {
        fixed (byte* p = Utsname)
        {
            var field = new ReadOnlySpan<byte>(p + index * UtsFieldLength, UtsFieldLength);
            int nul = field.IndexOf((byte)0);
            if (nul >= 0)
                field = field[..nul];
            var chars = new char[field.Length];
            for (int i = 0; i < field.Length; i++)
                chars[i] = field[i] is >= 0x20 and < 0x7f ? (char)field[i] : '?';
            return new string(chars);
        }
    }
}
