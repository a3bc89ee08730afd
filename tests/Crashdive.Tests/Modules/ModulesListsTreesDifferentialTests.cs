using Crashdive.Kernel;
using Crashdive.Tests.Commands;

namespace Crashdive.Tests.Modules;

/// <summary>
/// mod, list, tree (and sym on module symbols) against crash 8.0.2 run live on the same dump, in one
/// session each, in order: <c>mod -s</c> changes what later commands print in both tools. Outputs must be
/// equal byte for byte after one normalisation: the fixture directory's path (crash prints the real path,
/// through the <c>current</c> symlink) becomes <c>$F</c> in both.
///
/// Left out on purpose, where crash 8.0.2 is wrong or behaves differently by design:
/// <c>sym</c> of a module data symbol before <c>mod -s</c> (crash prints the letter <c>(?)</c>; we print the
/// kernel's own letter from the module's typetab, which equals what crash prints once debuginfo is loaded,
/// checked below); <c>tree -t radix</c> on 6.1 (crash refuses "radix trees do not exist" although
/// radix_tree_root has been an xarray since 4.20; we walk it as one); <c>mod -s NAME MISSINGFILE</c> (crash
/// silently loads NAME.ko instead of the file asked for; we say the file is missing).
/// </summary>
public sealed class ModulesListsTreesDifferentialTests
{
    private static readonly string[] Commands =
    [
        "mod",
        "mod -t",
        "mod -s nosuch",
        "mod -t -s x",
        "mod -s nfnetlink_queue /etc/passwd",
        "mod -S /nonexistent",
        "mod -s nfnetlink_queue",
        "sym nfnl_queue_net_id",
        "sym nfqnl_rcv_nl_event",
        "mod",
        "mod -r",
        "mod -d nfnetlink_queue",
        "mod -d nosuch",
        "mod -S {F}/kernel/modules",
        "mod -D",
        "mod extra",
        "list -o module.list -H modules",
        "list -r -o module.list -H modules",
        "list module.list -H modules -S module.name,state",
        "list -S module.name -o module.list -H modules",
        "list -o task_struct.tasks -h init_task",
        "list task_struct.tasks -h init_task",
        "list -o task_struct.tasks -h init_task -S task_struct.pid,comm",
        "list",
        "list 1 2 3",
        "list -l 8 init_task",
        "list -x -d init_task",
        "list nosuchsym",
        "list -o nosuch.member init_task",
        "list 10 nosuchsym",
        "list -o 0 0",
        "list -o 0 -H 1000",
        "list -o task_struct.tasks -h init_task -e init_task",
        "list task_struct.tasks -s task_struct.pid,comm -h init_task",
        "list -s module.name,state -o module.list -H modules",
        "list -s module.list -o module.list -H modules -x",
        "list -s list_head -H modules",
        "tree -t rbtree -o vmap_area.rb_node vmap_area_root -s vmap_area.va_start,va_end -x",
        "tree -t xarray irq_desc_tree -s irq_desc.irq_data.irq",
        "tree -t rbtree -o vmap_area.rb_node vmap_area_root",
        "tree -t rbtree -o vmap_area.rb_node vmap_area_root -p",
        "tree -t rbtree -l -o vmap_area.rb_node vmap_area_root",
        "tree -o vmap_area.rb_node vmap_area_root -S vmap_area.va_start,va_end",
        "tree -t rbtree -o vmap_area.rb_node vmap_area_root -S vmap_area.va_start -x",
        "tree -t xarray irq_desc_tree",
        "tree -t xarray irq_desc_tree -p",
        "tree -t x -r pid_namespace.idr init_pid_ns -p",
        "tree",
        "tree -t radix -l x",
        "tree -t x -o 8 init_task",
        "tree -r 8 -N init_task",
        "tree -t bogus init_task",
    ];

    public static TheoryData<string> Dumps => new() { "kdump/vmcore.kdump-zlib", "qemu/vmcore.elf" };

    [Theory]
    [MemberData(nameof(Dumps))]
    public void OutputsEqualCrash(string dump)
    {
        string root = Fixtures.Root;
        string real = RealPath(root);
        var commands = Commands.Select(c => c.Replace("{F}", root)).ToList();
        var expected = CrashReference.Run(Fixtures.Path("kernel/vmlinux"), Fixtures.Path(dump), commands);
        using KernelProgram k = Fixtures.OpenKernel(dump);
        var failures = new List<string>();
        for (int i = 0; i < commands.Count; i++)
        {
            string actual = Normalise(CommandRunner.Run(k, commands[i]), root, real);
            string want = Normalise(expected[i], root, real);
            if (actual != want)
                failures.Add($"`{Commands[i]}`\n--- {Crashdive.Tests.Commands.CrashReference.ExpectedVersion}:\n{want}--- crashdive:\n{actual}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {commands.Count} differ on {dump}:\n" + string.Join("\n", failures));
    }

    private static string Normalise(string s, string root, string real) => s.Replace(real, "$F").Replace(root, "$F");

    private static string RealPath(string path)
    {
        var info = new DirectoryInfo(path);
        return info.ResolveLinkTarget(true) is FileSystemInfo target ? Path.GetFullPath(target.FullName) : path;
    }
}
