using Crashdive.Kernel;

namespace Crashdive.Tests.Commands;

/// <summary>
/// <c>task</c> equals crash 9.0.2 byte for byte: whole task_structs with their thread_info (char arrays as
/// gdb 16 prints them: a digit after an octal escape is not escaped, <c>\3770 kB</c>), <c>-R</c> members,
/// and the errors for an unknown member and an unknown PID.
/// </summary>
public sealed class TaskCommandDifferentialTests
{
    private static readonly string[] Commands =
    [
        "task 1",
        "task -R pid,comm 1",
        "task -x -R se.on_rq,prio,flags 1",
        "task -d -R se.load 1",
        "task -R pid,tgid 0",
        "task -R nosuchmember 1",
        "task 999999",
    ];

    [Theory]
    [InlineData("kdump/vmcore.kdump-zlib")]
    [InlineData("qemu/vmcore.elf")]
    public void OutputsEqualCrash(string dump)
    {
        var crash = CrashReference.Run(Fixtures.Path("kernel/vmlinux"), Fixtures.Path(dump), Commands);
        using KernelProgram k = Fixtures.OpenKernel(dump);
        var differ = new List<string>();
        for (int i = 0; i < Commands.Length; i++)
        {
            string ours = CommandRunner.Run(k, Commands[i]);
            if (ours != crash[i])
                differ.Add($"`{Commands[i]}`\n--- {Crashdive.Tests.Commands.CrashReference.ExpectedVersion}:\n{crash[i]}--- crashdive:\n{ours}");
        }
        Assert.True(differ.Count == 0, string.Join("\n", differ));
    }
}
