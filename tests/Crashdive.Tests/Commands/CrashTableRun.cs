using Crashdive.Kernel;

namespace Crashdive.Tests.Commands;

/// <summary>crash's outputs for a table on one dump, and our kernel (with the vmlinux) for the same dump.</summary>
public sealed record CrashTableRun(KernelProgram Kernel, IReadOnlyList<string> CrashOutputs)
{
    /// <summary>The two 6.1 dumps the differential tables run on (a kdump and a QEMU dump).</summary>
    public static readonly string[] Dumps = ["kdump/vmcore.kdump-zlib", "qemu/vmcore.elf"];

    /// <summary>Every (dump, command) pair of <paramref name="table"/> over <see cref="Dumps"/>.</summary>
    public static TheoryData<string, string> Cases(IEnumerable<string> table)
    {
        var data = new TheoryData<string, string>();
        foreach (string dump in Dumps)
        {
            foreach (string command in table)
                data.Add(dump, command);
        }
        return data;
    }
}
