using Crashdive.Helpers.Lists;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Helpers.Devices;

/// <summary>One registered block major (<c>struct blk_major_name</c>) and the first disk found with that major.</summary>
/// <param name="Major">Major number.</param>
/// <param name="Name">The name it was registered with.</param>
/// <param name="Gendisk">A <c>struct gendisk *</c> of that major with block operations, 0 when none.</param>
/// <param name="Fops">That disk's <c>const struct block_device_operations *</c>, 0 when none.</param>
public readonly record struct BlockMajor(int Major, string Name, ulong Gendisk, ulong Fops);

/// <summary>
/// Block majors from <c>major_names[BLKDEV_MAJOR_HASH_SIZE]</c> (block/genhd.c) and, for each, the first
/// disk of the block device superblock's inodes with that major (5.11+: no <c>bdev_map</c>), as crash's
/// <c>dump_blkdevs_v3()</c>.
/// </summary>
public static class BlockDevices
{
    /// <summary>Most entries followed in one <c>major_names</c> chain.</summary>
    public const int MaxChain = 4096;

    /// <summary>Most block device inodes visited.</summary>
    public const int MaxInodes = 1 << 20;

    /// <summary>
    /// Every block major, bucket by bucket. crash 8.0.2 reads only the head of each bucket; a bucket's
    /// chain (two majors that hash alike, such as 8 and 263) is followed here.
    /// </summary>
    public static List<BlockMajor> Majors(KernelProgram kernel)
    {
        KObject names = kernel.FindVariable("major_names") ?? throw new KernelObjectException("major_names: symbol does not exist");
        int len = names.UnderlyingType is ArrayType a ? (int)Math.Min(a.Length ?? 255, 4096) : 255;
        var disks = Disks(kernel);
        var list = new List<BlockMajor>();
        for (int i = 0; i < len; i++)
        {
            KObject head = names.Index(i);
            CType type = ((PointerType)head.UnderlyingType).Target;
            var seen = new HashSet<ulong>();
            for (ulong b = head.ToUInt64(); b != 0 && seen.Count < MaxChain && seen.Add(b);)
            {
                KObject m = KObject.Reference(kernel, type, b);
                int major = (int)m.Member("major").ToUInt64();
                string name = m.Member("name").ReadString(16);
                ulong gendisk = 0, fops = 0;
                foreach (var (disk, diskMajor, diskFops) in disks)
                {
                    if (diskMajor == major && diskFops != 0)
                    {
                        gendisk = disk;
                        fops = diskFops;
                        break;
                    }
                }
                list.Add(new BlockMajor(major, name, gendisk, fops));
                b = m.Member("next").ToUInt64();
            }
        }
        return list;
    }

    /// <summary>
    /// The disks behind the block device inodes of <c>blockdev_superblock</c> (its <c>s_inodes</c> list,
    /// newest first): each inode's <c>bdev_inode.bdev.bd_disk</c>, with the disk's major and fops.
    /// </summary>
    public static List<(ulong Gendisk, int Major, ulong Fops)> Disks(KernelProgram kernel)
    {
        var result = new List<(ulong, int, ulong)>();
        if (kernel.FindVariable("blockdev_superblock") is not KObject sbp || sbp.ToUInt64() == 0)
            return result;
        CType inodeType = kernel.Type("struct inode");
        // struct bdev_inode { struct block_device bdev; struct inode vfs_inode; } (block/bdev.c)
        ulong inodeOffset = kernel.FindType("struct bdev_inode") is CType bi && bi.Underlying() is StructType bs && bs.FindMember("vfs_inode") is MemberLookup vm
            ? vm.Offset : kernel.Type("struct block_device").Size ?? 0;
        CType bdevType = kernel.Type("struct block_device");
        ulong head = sbp.Member("s_inodes").Address;
        try
        {
            foreach (KObject inode in KernelList.Entries(kernel, head, inodeType, "i_sb_list", maxNodes: MaxInodes))
            {
                try
                {
                    KObject bdev = KObject.Reference(kernel, bdevType, inode.Address - inodeOffset);
                    ulong disk = bdev.Member("bd_disk").ToUInt64();
                    if (disk == 0)
                        continue;
                    KObject g = bdev.Member("bd_disk").Deref();
                    result.Add((disk, (int)g.Member("major").ToInt64(), g.Member("fops").ToUInt64()));
                }
                catch (Dumps.MemoryFaultException)
                {
                }
            }
        }
        catch (Exception e) when (e is ListWalkException or Dumps.MemoryFaultException)
        {
        }
        return result;
    }
}
