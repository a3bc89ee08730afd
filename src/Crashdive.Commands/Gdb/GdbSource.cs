namespace Crashdive.Commands.Gdb;

/// <summary>Source file names as gdb shows them.</summary>
public static class GdbSource
{
    /// <summary>
    /// gdb's name for a line table's file: as the compiler named it relative to the unit's directory
    /// (<c>kernel/sched/core.c</c>, not the build directory joined in front); absolute names stay whole.
    /// </summary>
    public static string DisplayName(string file) =>
        file.StartsWith('/') ? file : Helpers.Code.KernelCode.RelativeSourcePath(file);
}
