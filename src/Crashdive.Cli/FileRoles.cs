using System.Buffers.Binary;
using Crashdive.Dumps;

namespace Crashdive.Cli;

/// <summary>Tells the kernel image from the dump by their first bytes, so either order works (as in crash).</summary>
public static class FileRoles
{
    /// <summary>Returns (vmlinux, vmcore) from two paths given in any order.</summary>
    public static (string Vmlinux, string Vmcore) Sort(string a, string b)
    {
        bool aKernel = IsKernelImage(a), bKernel = IsKernelImage(b);
        if (aKernel && !bKernel)
            return (a, b);
        if (bKernel && !aKernel)
            return (b, a);
        if (aKernel)
            throw new DumpFormatException(b, -1, "both files are ELF executables; one must be the dump");
        throw new DumpFormatException(a, -1, "neither file is an ELF executable (the vmlinux with debuginfo)");
    }

    /// <summary>True when <paramref name="path"/> is an ELF executable (ET_EXEC or ET_DYN).</summary>
    public static bool IsKernelImage(string path)
    {
        if (!File.Exists(path))
            throw new DumpFormatException(path, -1, Directory.Exists(path) ? "is a directory" : "no such file");
        Span<byte> head = stackalloc byte[18];
        using var f = File.OpenRead(path);
        int n = f.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (n < 18 || !head.StartsWith("\x7f"u8 + "ELF"u8))
            return false;
        ushort type = BinaryPrimitives.ReadUInt16LittleEndian(head[16..]);
        return type is 2 or 3;
    }
}
