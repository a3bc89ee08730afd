using Crashdive.Kernel;

namespace Crashdive.Commands.Gdb;

/// <summary>
/// What gdb remembers between commands of one session: <c>x</c>'s last format, unit size and count and the
/// address where the next <c>x</c> without an address goes on. One per kernel (the session).
/// </summary>
public sealed class GdbState
{
    /// <summary>The state of <paramref name="kernel"/>'s session.</summary>
    public static GdbState Of(KernelProgram kernel) => kernel.Cached(static _ => new GdbState());

    /// <summary>The last format letter <c>x</c> used (gdb starts with <c>x</c>).</summary>
    public char LastFormat { get; set; } = 'x';

    /// <summary>The last unit size <c>x</c> used (gdb starts with <c>w</c>).</summary>
    public char LastSize { get; set; } = 'w';

    /// <summary>The last count <c>x</c> used, repeated by an <c>x</c> without format or address.</summary>
    public int LastCount { get; set; }

    /// <summary>The source file gdb last failed to open: listing it again right after says "in FILE" instead of warning.</summary>
    public string? LastMissingSource { get; set; }

    /// <summary>gdb's line for a listing of <paramref name="file"/> from <paramref name="line"/> when the file cannot be opened.</summary>
    public string MissingSource(string file, int line)
    {
        if (LastMissingSource == file)
            return $"{line}\tin {file}\n";
        LastMissingSource = file;
        return $"warning: {line}\t{file}: No such file or directory\n";
    }

    /// <summary>Where the next <c>x</c> without an address starts, or null before the first.</summary>
    public ulong? NextAddress { get; set; }
}
