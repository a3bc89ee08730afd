using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;

namespace Crashdive.Tests.Commands;

/// <summary>
/// User addresses read through the current task's page tables, as crash reads them: init's argument
/// and environment strings. Where the dump holds the page (drgn 0.3.0 reads it: the QEMU dump always,
/// makedumpfile's formats as the build left them) the output equals crash 9.0.2's byte for byte.
/// Where drgn finds the page mapped but left out of the dump (makedumpfile <c>-d 31</c> drops anonymous
/// pages), crash 9.0.2 is wrong: it prints nothing at all, since it reports "page excluded" only at debug
/// level 8 (a change made against message floods in gdb 16's reads), so a user cannot tell a failed read
/// from an empty one. We print crash 8.0.2's line, <c>rd: page excluded: user virtual address: ADDR  type: "..."</c>.
/// </summary>
public sealed class UserMemoryDifferentialTests
{
    [Theory]
    [InlineData("qemu/vmcore.elf")]
    [InlineData("kdump/vmcore.kdump-zlib")]
    [InlineData("kdump/vmcore.elf")]
    public void RdOfInitsArgumentsEqualsCrashWhereTheDumpHoldsThem(string dump)
    {
        using KernelProgram k = Fixtures.OpenKernel(dump);
        KObject init = Tasks.FindByPid(k, 1) ?? throw new Xunit.Sdk.XunitException("no pid 1");
        ulong args = init.Member("mm").Member("arg_start").ToUInt64();
        ulong env = init.Member("mm").Member("env_start").ToUInt64();
        Assert.InRange(args, 0x1000UL, 0x7fff_ffff_ffffUL);
        // argv and envp are one block on the stack's top page: one verdict covers both
        Assert.Equal(args >> 12, env >> 12);
        (string Command, ulong? Reads)[] table =
        [
            ("set 1", null),
            ($"rd -a {args:x}", args),
            ($"rd -u {args:x} 4", args),
            ($"rd -8 {env:x} 24", env),
            ($"rd -32 {args:x} 3", args),
            ("rd -u 10 2", null), // not mapped: both say "invalid user virtual address"
        ];
        bool held = InitArgumentsPage.IsHeld(dump);
        if (dump.StartsWith("qemu/", StringComparison.Ordinal))
            Assert.True(held, "a QEMU dump holds all of the guest's memory");
        var crash = CrashReference.Run(Fixtures.Path("kernel/vmlinux"), Fixtures.Path(dump), table.Select(t => t.Command).ToList());
        for (int i = 0; i < table.Length; i++)
        {
            string ours = CommandRunner.Run(k, table[i].Command);
            if (held || table[i].Reads is not ulong address)
            {
                Assert.Equal(crash[i], ours);
                continue;
            }
            // crash 9.0.2 wrong: silent on a page the dump left out (drgn: mapped, not in the dump)
            Assert.True(crash[i] == "", $"`{table[i].Command}`: crash 9.0.2 printed:\n{crash[i]}");
            Assert.Matches($"^rd: page excluded: user virtual address: {address:x}  type: \"[^\"\\n]+\"\\n$", ours);
        }
        Assert.StartsWith("    PID: 1\n", crash[0]);
    }
}
