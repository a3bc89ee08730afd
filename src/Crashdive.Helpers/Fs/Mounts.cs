using Crashdive.Helpers.Lists;
using Crashdive.Helpers.Trees;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Helpers.Fs;

/// <summary>
/// Mount namespaces and their mounts (<c>struct mnt_namespace</c>, <c>struct mount</c>), super blocks
/// and filesystem types.
/// </summary>
public static class Mounts
{
    /// <summary>The mount namespace of <paramref name="task"/> (<c>task-&gt;nsproxy-&gt;mnt_ns</c>, a <c>struct mnt_namespace *</c>).</summary>
    public static KObject Namespace(KObject task) => task.Member("nsproxy").Member("mnt_ns");

    /// <summary>
    /// The mounts of <paramref name="mntNs"/> (<c>struct mnt_namespace *</c>) as <c>struct mount</c> objects,
    /// in the namespace's order: the <c>list</c> of mounts linked by <c>mnt_list</c> up to 6.7, the
    /// <c>mounts</c> rbtree ordered by mount id (nodes <c>mnt_node</c>) since 6.8 (commit 2eea9ce4310d).
    /// </summary>
    public static IEnumerable<KObject> Of(KObject mntNs)
    {
        var kernel = mntNs.Kernel;
        CType mount = kernel.Type("struct mount");
        ulong ns = mntNs.IsPointer ? mntNs.ToUInt64() : mntNs.Address;
        KObject n = KObject.Reference(kernel, ((PointerType)kernel.Type("struct mnt_namespace *").Underlying()).Target, ns);
        if (n.HasMember("list"))
        {
            // crash starts at the namespace root's mnt_list and stops at the head: the root comes first.
            ulong root = n.Member("root").ToUInt64();
            ulong offset = KernelList.MemberOffset(mount, "mnt_list");
            yield return KObject.Reference(kernel, mount, root);
            ulong head = n.Member("list").Address;
            foreach (ulong node in KernelList.Nodes(kernel, root + offset))
            {
                if (node == head)
                    yield break;
                yield return KObject.Reference(kernel, mount, node - offset);
            }
            yield break;
        }
        ulong nodeOffset = KernelList.MemberOffset(mount, "mnt_node");
        foreach (ulong node in RbTreeWalk.Nodes(kernel, n.Member("mounts").Address))
            yield return KObject.Reference(kernel, mount, node - nodeOffset);
    }

    /// <summary>The super block of a mount (<c>mount-&gt;mnt.mnt_sb</c>, a <c>struct super_block *</c>).</summary>
    public static KObject SuperBlock(KObject mount) => mount.Member("mnt.mnt_sb");

    /// <summary>The name of the filesystem type of a super block (<c>sb-&gt;s_type-&gt;name</c>).</summary>
    public static string FsTypeName(KObject superBlock) => superBlock.Member("s_type").Member("name").ReadString(256);

    /// <summary>The device name the mount was made from (<c>mnt_devname</c>).</summary>
    public static string DevName(KObject mount) => mount.Member("mnt_devname").ReadString(4096);

    /// <summary>Where the mount is mounted, as a path from the namespace root.</summary>
    public static string MountPoint(KObject mount) =>
        Dentry.Path(mount.Member("mnt_mountpoint"), KObject.Reference(mount.Kernel, mount.Type, mount.Member("mnt_parent").ToUInt64()));
}
