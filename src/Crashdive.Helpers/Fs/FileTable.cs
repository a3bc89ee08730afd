using Crashdive.Kernel;

namespace Crashdive.Helpers.Fs;

/// <summary>A task's file descriptor table (<c>task-&gt;files-&gt;fdt</c>).</summary>
public static class FileTable
{
    /// <summary>Most descriptors a table is read for (the kernel's <c>sysctl_nr_open</c> ceiling).</summary>
    public const int MaxFds = 1 << 20;

    /// <summary>
    /// The open files of <paramref name="task"/> (<c>struct task_struct</c>), lowest descriptor first, as
    /// (fd, <c>struct file</c>) pairs: <c>files-&gt;fdt-&gt;fd[0..max_fds)</c>, NULL slots skipped. A task
    /// without a file table (an exited task, a kernel thread sharing none) has none. <c>max_fds</c> is
    /// bounded by <see cref="MaxFds"/>; an unreadable slot ends the walk with the memory fault.
    /// </summary>
    public static IEnumerable<(int Fd, KObject File)> Open(KObject task)
    {
        KObject filesPtr = task.Member("files");
        if (filesPtr.ToUInt64() == 0)
            yield break;
        KObject fdtPtr = filesPtr.Member("fdt");
        if (fdtPtr.ToUInt64() == 0)
            yield break;
        KObject fdt = fdtPtr.Deref();
        uint maxFds = (uint)fdt.Member("max_fds").ToUInt64();
        if (maxFds > MaxFds)
            maxFds = MaxFds;
        KObject fd = fdt.Member("fd");
        ulong array = fd.ToUInt64();
        if (array == 0)
            yield break;
        var fileType = ((Symbols.Types.PointerType)((Symbols.Types.PointerType)fd.UnderlyingType).Target.Underlying()).Target;
        var mem = task.Kernel.Memory;
        for (uint i = 0; i < maxFds; i++)
        {
            ulong file = mem.ReadPointer(array + i * 8UL);
            if (file != 0)
                yield return ((int)i, KObject.Reference(task.Kernel, fileType, file));
        }
    }
}
