using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Helpers.Fs;

/// <summary>
/// <c>struct dentry</c>: its name and its path, as the kernel's <c>d_path</c>/<c>prepend_path</c>
/// builds it: names up to the mount's root, then across to the mount point in the parent mount,
/// until the root of the mount tree. Every walk is bounded.
/// </summary>
public static class Dentry
{
    /// <summary>Most path components followed before the path is called corrupt.</summary>
    public const int MaxDepth = 4096;

    /// <summary>The dentry's own name (<c>d_name.name</c>, <c>d_name.len</c> bytes at most 255).</summary>
    public static string Name(KObject dentry)
    {
        KObject name = dentry.Member("d_name");
        ulong len = name.Member("len").ToUInt64();
        ulong ptr = name.Member("name").ToUInt64();
        if (ptr == 0)
            return "";
        string s = dentry.Kernel.Memory.ReadCString(ptr, (int)Math.Min(len, 4096) + 1);
        return s.Length > (int)len ? s[..(int)len] : s;
    }

    /// <summary>
    /// The path of <paramref name="dentry"/> (<c>struct dentry *</c>) seen through <paramref name="mount"/>
    /// (<c>struct mount *</c>, or absent: names up to the dentry's filesystem root only), as d_path prints it
    /// from the mount tree's root ("/" for a root).
    /// </summary>
    public static string Path(KObject dentry, KObject? mount)
    {
        var kernel = dentry.Kernel;
        ulong d = Address(dentry);
        ulong mnt = mount is KObject m ? Address(m) : 0;
        CType dentryType = kernel.Type("struct dentry");
        CType mountType = kernel.Type("struct mount");
        var parts = new List<string>();
        for (int depth = 0; depth < MaxDepth; depth++)
        {
            KObject de = KObject.Reference(kernel, dentryType, d);
            ulong parent = de.Member("d_parent").ToUInt64();
            if (mnt != 0)
            {
                KObject mo = KObject.Reference(kernel, mountType, mnt);
                if (d == mo.Member("mnt.mnt_root").ToUInt64())
                {
                    ulong mparent = mo.Member("mnt_parent").ToUInt64();
                    if (mparent != mnt && mparent != 0)
                    {
                        d = mo.Member("mnt_mountpoint").ToUInt64();
                        mnt = mparent;
                        continue;
                    }
                    break;
                }
            }
            if (parent == d || parent == 0)
                break;
            parts.Add(Name(de));
            d = parent;
        }
        if (parts.Count == 0)
            return "/";
        parts.Reverse();
        return "/" + string.Join('/', parts);
    }

    private static ulong Address(KObject o) => o.IsPointer ? o.ToUInt64() : o.Address;
}
