using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;

namespace Crashdive.Tests.Commands;

/// <summary>
/// User addresses read through the current task's page tables, as crash reads them: init's argument
/// and environment strings on the QEMU dump (which holds user pages), and crash's "page excluded" on
/// the kdump files (makedumpfile -d 31 leaves user pages out).
/// </summary>
public sealed class UserMemoryDifferentialTests
{
    [Theory]
    [InlineData("qemu/vmcore.elf")]
    [InlineData("kdump/vmcore.kdump-zlib")]
    [InlineData("kdump/vmcore.elf")]
    public void RdOfInitsArgumentsEqualsCrash(string dump)
    {
        using KernelProgram k = Fixtures.OpenKernel(dump);
        KObject init = Tasks.FindByPid(k, 1) ?? throw new Xunit.Sdk.XunitException("no pid 1");
        ulong args = init.Member("mm").Member("arg_start").ToUInt64();
        ulong env = init.Member("mm").Member("env_start").ToUInt64();
        Assert.InRange(args, 0x1000UL, 0x7fff_ffff_ffffUL);
        string[] commands =
        [
            "set 1",
            $"rd -a {args:x}",
            $"rd -u {args:x} 4",
            $"rd -8 {env:x} 24",
            $"rd -32 {args:x} 3",
            "rd -u 10 2",
        ];
        var crash = CrashReference.Run(Fixtures.Path("kernel/vmlinux"), Fixtures.Path(dump), commands);
        for (int i = 0; i < commands.Length; i++)
            Assert.Equal(crash[i], CommandRunner.Run(k, commands[i]));
    }
}
