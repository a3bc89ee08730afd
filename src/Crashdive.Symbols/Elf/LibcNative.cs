using System.Runtime.InteropServices;

namespace Crashdive.Symbols.Elf;

/// <summary>The libc call used to hand mapped pages back to the page cache after a one-pass read.</summary>
internal static unsafe partial class LibcNative
{
    /// <summary>MADV_DONTNEED: drop the range from this process's resident set (a file mapping re-reads it from the page cache on the next touch).</summary>
    public const int MadviseDontNeed = 4;

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    public static partial int Madvise(void* address, nuint length, int advice);
}
