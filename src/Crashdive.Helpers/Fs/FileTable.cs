using Crashdive.Kernel;

namespace Crashdive.Helpers.Fs;

/// <summary>A task's open files: <c>task-&gt;files-&gt;fdt-&gt;fd[]</c> (fs/file.c).</summary>
public static class FileTable
{
    /// <summary>Bound on the descriptors examined (NR_OPEN's default, sysctl fs.nr_open max is 1 &lt;&lt; 30).</summary>
    public const int MaxFds = 1 << 20;

    /// <summary>
    /// Each open descriptor of <paramref name="task"/> (<c>struct task_struct</c>) with its
    /// <c>struct file</c>, in descriptor order; nothing for a task without a file table. The table's
    /// size (<c>fdt-&gt;max_fds</c>) is bounded by <see cref="MaxFds"/>.
    /// </summary>
    public static IEnumerable<(int Fd, KObject File)> Open(KObject task)
    {
        ulong files = task.Member("files").ToUInt64();
        if (files == 0)
            yield break;
        KObject fdt = task.Member("files").Member("fdt");
        if (fdt.ToUInt64() == 0)
            yield break;
        uint max = (uint)fdt.Member("max_fds").ToUInt64();
        if (max > MaxFds)
            max = MaxFds;
        KObject fd = fdt.Member("fd");
        ulong array = fd.ToUInt64();
        var fileType = ((Crashdive.Symbols.Types.PointerType)((Crashdive.Symbols.Types.PointerType)fd.UnderlyingType).Target.Underlying()).Target;
        var mem = task.Kernel.Memory;
        for (int i = 0; i < max; i++)
        {
            if (!mem.TryReadPointer(array + (ulong)i * 8, out ulong file))
                yield break;
            if (file != 0)
                yield return (i, KObject.Reference(task.Kernel, fileType, file));
        }
    }
}
