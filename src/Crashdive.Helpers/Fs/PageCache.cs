using Crashdive.Helpers.Trees;
using Crashdive.Kernel;

namespace Crashdive.Helpers.Fs;

/// <summary>An inode's page cache: <c>inode-&gt;i_mapping</c>, its <c>nrpages</c>, and the pages of its <c>i_pages</c> xarray.</summary>
public static class PageCache
{
    /// <summary>The <c>struct address_space *</c> of the inode at <paramref name="inode"/>.</summary>
    public static KObject Mapping(KernelProgram kernel, ulong inode) =>
        KObject.Reference(kernel, kernel.Type("struct inode"), inode).Member("i_mapping");

    /// <summary>
    /// The <c>struct page *</c> entries of the mapping's xarray in index order; value entries (shadow entries
    /// of evicted pages, swap entries) are not pages and are left out. The walk is bounded and cycle-checked
    /// by <see cref="XArray"/>.
    /// </summary>
    public static IEnumerable<(ulong Index, ulong Page)> Pages(KernelProgram kernel, KObject mapping)
    {
        ulong xa = mapping.Member("i_pages").Address;
        foreach (TreeEntry e in XArray.Walk(kernel, XArray.Head(kernel, xa)))
        {
            if ((e.Value & 1) != 0 || e.Value == 0)
                continue; // xa_is_value
            yield return (e.Index, e.Value);
        }
    }

    /// <summary>The frame number a <c>struct page *</c> of the vmemmap describes, or null outside the vmemmap.</summary>
    public static ulong? PageToPfn(KernelProgram kernel, ulong page)
    {
        var regions = kernel.Regions;
        ulong size = kernel.Type("struct page").Size ?? 64;
        if (page < regions.VmemmapStart || page > regions.VmemmapEnd || size == 0)
            return null;
        return (page - regions.VmemmapStart) / size;
    }

    /// <summary>
    /// crash's path for a bare dentry (<c>files -d</c>): the dentry's path under the last mount of init's
    /// namespace whose superblock is <paramref name="superBlock"/>, else under <c>pipe_mnt</c> or <c>sock_mnt</c>;
    /// empty when no mount has that superblock.
    /// </summary>
    public static string DentryPath(KernelProgram kernel, ulong dentry, ulong superBlock, KObject? init)
    {
        ulong vfsmount = 0;
        if (init is KObject t)
        {
            foreach (KObject m in Mounts.Of(Mounts.Namespace(t)))
            {
                if (Mounts.SuperBlock(m).ToUInt64() == superBlock)
                    vfsmount = m.Member("mnt").Address;
            }
        }
        foreach (string special in new[] { "pipe_mnt", "sock_mnt" })
        {
            if (vfsmount != 0)
                break;
            if (kernel.FindVariable(special) is KObject p && p.ToUInt64() != 0 && p.Member("mnt_sb").ToUInt64() == superBlock)
                vfsmount = p.ToUInt64();
        }
        return vfsmount == 0 ? "" : DPath.Of(kernel, dentry, vfsmount);
    }
}
