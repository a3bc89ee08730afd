using System.Collections.Concurrent;

namespace Crashdive.Tests.Commands;

/// <summary>
/// Whether a fixture dump holds the user page of init's argument strings (<c>mm-&gt;arg_start</c>), as drgn
/// 0.3.0 finds by reading it: a QEMU dump holds all memory; a makedumpfile <c>-d 31</c> dump leaves a
/// process's anonymous pages out, though not in every output format of every build, so the tests that read
/// user memory ask drgn about each dump instead of assuming. drgn's page-table walk (<c>follow_phys</c>)
/// must find the page mapped, so that a failed read means the dump left it out.
/// </summary>
public static class InitArgumentsPage
{
    private static readonly ConcurrentDictionary<string, bool> Held = new();

    private const string Script = """
        from drgn import FaultError
        from drgn.helpers.linux.pid import find_task
        from drgn.helpers.linux.mm import access_remote_vm, follow_phys
        mm = find_task(prog, 1).mm
        addr = mm.arg_start.value_()
        follow_phys(mm, addr)  # raises when the page tables do not map it
        try:
            access_remote_vm(mm, addr, 8)
            print("held %x" % addr)
        except FaultError:
            print("excluded %x" % addr)
        """;

    /// <summary>True when drgn reads init's arguments from <paramref name="dumpRelative"/>, false when the page is mapped but left out.</summary>
    public static bool IsHeld(string dumpRelative) => Held.GetOrAdd(dumpRelative, d =>
    {
        string verdict = DrgnScript.Run(Fixtures.Path("kernel/vmlinux"), Fixtures.Path(d), Script).Trim();
        Assert.Matches("^(held|excluded) [0-9a-f]+$", verdict);
        return verdict.StartsWith("held", StringComparison.Ordinal);
    });
}
