using Crashdive.Helpers.Trees;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Helpers.Ipc;

/// <summary>
/// The System V IPC objects of an IPC namespace: <c>ipc_namespace.ids[facility]</c> is a <c>struct ipc_ids</c>
/// whose <c>ipcs_idr</c> maps ids to <c>kern_ipc_perm</c> pointers. Since 4.20 an IDR is an xarray
/// (<c>idr.idr_rt</c>), walked in index order as crash does. Older IDR layouts (<c>idr.top</c> layers) are named
/// as not understood rather than guessed.
/// </summary>
public static class SysvIpc
{
    /// <summary>Most objects listed from one facility (the kernel's own limit, IPCMNI, is 32768; 2^24 with ipcmni_extend).</summary>
    public const int MaxObjects = 1 << 24;

    /// <summary><c>ipc_namespace.ids[facility]</c> of the namespace <paramref name="ns"/>.</summary>
    public static KObject Ids(KObject ns, IpcFacility facility) => ns.Member("ids").Index(facility.Index);

    /// <summary><c>ipc_ids.in_use</c>.</summary>
    public static long InUse(KObject ids) => ids.Member("in_use").ToInt64();

    /// <summary>The objects of <paramref name="ids"/> (a <c>struct ipc_ids</c>) in id order.</summary>
    public static IEnumerable<IpcObject> Objects(KernelProgram kernel, KObject ids, IpcFacility facility)
    {
        var idr = ids.Member("ipcs_idr");
        if (!idr.HasMember("idr_rt"))
            throw new KernelObjectException("struct idr has no idr_rt: the IDR layout of this kernel is not understood");
        var type = kernel.Type(facility.StructName);
        int n = 0;
        foreach (var e in XArray.Walk(kernel, XArray.Head(kernel, idr.Member("idr_rt").Address)))
        {
            if (++n > MaxObjects)
                throw new KernelObjectException($"ipc_ids at 0x{ids.Address:x}: more than {MaxObjects} entries");
            yield return Read(kernel, type, facility, e.Value);
        }
    }

    /// <summary>The object whose <c>kern_ipc_perm</c> is at <paramref name="perm"/>.</summary>
    public static IpcObject Read(KernelProgram kernel, CType type, IpcFacility facility, ulong perm)
    {
        var obj = KObject.Reference(kernel, kernel.Type("struct kern_ipc_perm"), perm).ContainerOf(type, facility.PermMember);
        var p = obj.Member(facility.PermMember);
        // The id moved from the containing structure into kern_ipc_perm in 2.6.x; use whichever the debuginfo has.
        int id = (int)(obj.HasMember(facility.IdMember) ? obj.Member(facility.IdMember) : p.Member("id")).ToInt64();
        uint uid = (uint)Unwrap(p.Member("uid")).ToUInt64();
        uint mode = (uint)p.Member("mode").ToUInt64();
        bool deleted = p.HasMember("deleted") && p.Member("deleted").ToBool();
        int key = (int)p.Member("key").ToInt64();
        long size = 0, count = 0;
        ulong file = 0;
        if (facility == IpcFacility.Shm)
        {
            size = obj.Member("shm_segsz").ToInt64();
            count = obj.Member("shm_nattch").ToInt64();
            file = obj.Member("shm_file").ToUInt64();
        }
        else if (facility == IpcFacility.Sem)
            size = obj.Member("sem_nsems").ToInt64();
        else
        {
            size = obj.Member("q_cbytes").ToInt64();
            count = obj.Member("q_qnum").ToInt64();
        }
        return new IpcObject(obj.Address, key, id, uid, mode, deleted, size, count, file);
    }

    /// <summary>
    /// A shared memory segment's pages: the inode of its shmem file, pages in its page cache, pages swapped
    /// (<c>shmem_inode_info.swapped</c>), and whether it is a hugetlbfs file (then each cached page is a huge page).
    /// </summary>
    public static (ulong Inode, long Resident, long Swapped) ShmPages(KernelProgram kernel, ulong file)
    {
        var f = KObject.Reference(kernel, kernel.Type("struct file"), file);
        // crash reads the inode through the dentry (f_path.dentry, f_dentry before 3.x)
        var dentry = f.HasMember("f_path") ? f.Member("f_path").Member("dentry") : f.Member("f_dentry");
        var inode = dentry.Deref().Member("d_inode");
        ulong ino = inode.ToUInt64();
        var i = inode.Deref();
        long resident = i.Member("i_mapping").Deref().Member("nrpages").ToInt64();
        long swapped = 0;
        if (IsHugetlb(kernel, f))
            resident *= HugePages(kernel, i);
        else
        {
            var info = inode.ContainerOf(kernel.Type("struct shmem_inode_info"), "vfs_inode");
            swapped = info.Member("swapped").ToInt64();
        }
        return (ino, resident, swapped);
    }

    private static bool IsHugetlb(KernelProgram kernel, KObject file)
    {
        ulong fop = file.Member("f_op").ToUInt64();
        return kernel.SymbolAddress("hugetlbfs_file_operations") is ulong h && fop == h;
    }

    // pages per huge page: hugetlbfs_sb_info.hstate->order, else 2 MiB pages
    private static long HugePages(KernelProgram kernel, KObject inode)
    {
        try
        {
            var sbi = KObject.Reference(kernel, kernel.Type("struct hugetlbfs_sb_info"),
                inode.Member("i_sb").Deref().Member("s_fs_info").ToUInt64());
            return 1L << (int)Math.Min(30, sbi.Member("hstate").Deref().Member("order").ToUInt64());
        }
        catch (KernelObjectException)
        {
            return (1L << 21) / 4096;
        }
    }

    private static KObject Unwrap(KObject v) => v.HasMember("val") ? v.Member("val") : v;
}
