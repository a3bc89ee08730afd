using System.Text;
using Crashdive.Kernel;

namespace Crashdive.Helpers.Fs;

/// <summary>
/// Path names of dentries (fs/d_path.c), built as crash's <c>get_pathname()</c> builds them: component
/// names up to the file system's root, then across each mount to its mount point, up to the root mount.
/// A pseudo file system's dentry (a socket's <c>TCP</c>, a pipe's) is its own root: its name alone.
/// </summary>
public static class DPath
{
    /// <summary>Bound on the components of one path.</summary>
    public const int MaxDepth = 4096;

    /// <summary>
    /// The full path of <paramref name="dentry"/> (<c>struct dentry *</c>) seen through mount
    /// <paramref name="vfsmount"/> (<c>struct vfsmount *</c>, 0 to stay in the dentry's file system).
    /// </summary>
    public static string Of(KernelProgram kernel, ulong dentry, ulong vfsmount)
    {
        var dentryType = kernel.Type("struct dentry");
        var mountType = kernel.Type("struct mount");
        ulong mntOffset = Lists.KernelList.MemberOffset(mountType, "mnt");
        string path = "";
        ulong parent = dentry;
        ulong mnt = vfsmount;
        for (int depth = 0; depth < MaxDepth; depth++)
        {
            ulong current = parent;
            KObject d = KObject.Reference(kernel, dentryType, current);
            int len = (int)d.Member("d_name.len").ToUInt64();
            ulong namePtr = d.Member("d_name.name").ToUInt64();
            if (len == 0 || namePtr == 0)
                break;
            string name = kernel.Memory.TryReadCString(namePtr, Math.Min(len, 4096)) ?? "";
            if (name.Length != len)
                break;
            if (current != dentry)
                path = (len > 1 || name != "/") && !path.StartsWith('/') ? name + "/" + path : name + path;
            else
                path = name;
            parent = d.Member("d_parent").ToUInt64();
            if (current == parent && mnt != 0)
            {
                if (path.StartsWith("//", StringComparison.Ordinal))
                    path = path[1..];
                KObject m = KObject.Reference(kernel, mountType, mnt - mntOffset);
                parent = m.Member("mnt_mountpoint").ToUInt64();
                ulong mntParent = m.Member("mnt_parent").ToUInt64();
                if (mnt - mntOffset == mntParent)
                    break;
                mnt = mntParent + mntOffset;
            }
            if (current == parent || parent == 0)
                break;
        }
        return path;
    }

    /// <summary>The path of a <c>struct path</c> (<c>{mnt, dentry}</c>), e.g. <c>fs-&gt;root</c> or <c>file-&gt;f_path</c>.</summary>
    public static string OfPath(KObject path) =>
        Of(path.Kernel, path.Member("dentry").ToUInt64(), path.Member("mnt").ToUInt64());

    /// <summary>
    /// crash's test that turns a FIFO inode into a "PIPE" (no path): its <c>i_op</c> is <c>pipe_inode_operations</c>, or
    /// on kernels without that symbol its <c>i_fop</c> is <c>rdwr_pipe_fops</c>. Kernels since 2.6.2x have neither
    /// (pipes use <c>pipefifo_fops</c>), so crash 8.0.2 shows their pipes as FIFO and so does crashdive.
    /// </summary>
    public static bool IsCrashPipe(KernelProgram kernel, KObject inode)
    {
        if (kernel.SymbolAddress("pipe_inode_operations") is ulong iop)
            return inode.Member("i_op").ToUInt64() == iop;
        return kernel.SymbolAddress("rdwr_pipe_fops") is ulong fop && inode.HasMember("i_fop") && inode.Member("i_fop").ToUInt64() == fop;
    }

    /// <summary>
    /// crash's four-letter type of an inode's mode (<c>inode_type()</c>): REG, DIR, CHR, BLK, LNK, FIFO,
    /// SOCK, or UNKN.
    /// </summary>
    public static string InodeType(uint mode) => (mode & 0xf000) switch
    {
        0x8000 => "REG ",
        0xa000 => "LNK ",
        0x4000 => "DIR ",
        0x2000 => "CHR ",
        0x6000 => "BLK ",
        0x1000 => "FIFO",
        0xc000 => "SOCK",
        _ => "UNKN",
    };
}
