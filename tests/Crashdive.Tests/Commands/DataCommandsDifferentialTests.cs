using Crashdive.Kernel;

namespace Crashdive.Tests.Commands;

/// <summary>
/// p, struct, union, *, whatis and eval against crash 8.0.2 itself on the same dumps: every command of
/// <see cref="Table"/> must print exactly what crash prints, byte for byte. The table runs in order in
/// one crash session and on one of our kernels, so that gdb's value-history numbers (<c>$N</c>) and
/// <c>$</c>, <c>$$</c>, <c>$1</c> line up. Commands use only symbols, never addresses, so KASLR does not
/// matter. None of these commands touch the task list, which crash 8.0.2 gets wrong on this kernel.
///
/// Left out on purpose: <c>p/x</c> and quoted arguments (<c>p 'a'</c>) are split by the prompt, not by
/// these commands; <c>whatis linux_banner</c> (our vmlinux reader gives the declaration's <c>[]</c>
/// rather than the definition's <c>[204]</c>).
/// </summary>
public sealed class DataCommandsDifferentialTests
{
    /// <summary>The commands, run in this order.</summary>
    public static readonly string[] Table =
    [
        // p: symbols (crash's "name = " leader), members, history, radix
        "p jiffies",
        "p init_uts_ns",
        "p init_uts_ns.name.sysname",
        "p init_task.comm",
        "p init_task.pid",
        "p &init_task",
        "p init_task.tasks",
        "p -x init_task.pid",
        "p -x init_uts_ns.ns",
        "p -x init_task.comm",
        "p -d jiffies",
        "p init_task.se",
        "p $",
        "p $$",
        "p $1",
        "p $$3",
        // per-cpu
        "p runqueues",
        "p runqueues:0",
        "p cpu_number",
        "p cpu_number:a",
        "p cpu_number:1",
        "p cpu_number:0-1",
        // errors
        "p no_such",
        "p init_task.nosuch",
        "p ((struct task_struct *)0)->pid",
        "p",
        // expressions
        "p (struct task_struct *)0",
        "p sizeof(struct task_struct)",
        "p sizeof(int)",
        "p sizeof init_task",
        "p jiffies + 1",
        "p jiffies+1",
        "p 10/3",
        "p 1 << 40",
        "p 1 == 1",
        "p (char)65",
        "p (long)-1",
        "p (unsigned int)-1",
        "p (short)-1",
        "p 1.5",
        "p init_task.se.load.weight * 2",
        "p (enum pid_type)1",
        "p PIDTYPE_PGID",
        // functions, function pointers, enums, bit fields, arrays, pointers to strings
        "p schedule",
        "p &schedule",
        "p init_task.sched_class",
        "p *init_task.sched_class",
        "p init_task.__state",
        "p init_task.prio",
        "p -x init_task.prio",
        "p init_pid_ns",
        "p init_task.pid_links",
        "p init_task.thread_pid",
        "p *init_task.thread_pid",
        "p init_task.thread_pid->numbers[0]",
        "p init_task.real_parent->comm",
        "p init_task.signal",
        "p init_task.in_execve",
        "p init_task.flags",
        "p init_task.cpus_mask",
        "p init_task.stack",
        "p init_task.mm",
        "p &init_task.tasks",
        "p &init_task.comm",
        "p init_task.comm[0]",
        "p init_task.tasks.next",
        "p *init_task.tasks.next",
        // struct, union, *
        "struct list_head init_task",
        "struct task_struct.pid,comm init_task",
        "struct task_struct.pid init_task",
        "struct task_struct.se.load init_task",
        "struct task_struct.tasks init_task",
        "struct task_struct.comm init_task",
        "struct task_struct.__state init_task",
        "struct task_struct.rcu_users init_task",
        "struct -x task_struct.pid,prio init_task",
        "struct list_head",
        "struct list_head.next",
        "struct -o list_head",
        "struct -o task_struct.tasks",
        "struct -o sched_entity",
        "struct list_head init_task 2",
        "struct -o list_head init_task",
        "struct pid_namespace init_pid_ns",
        "struct upid",
        "struct -x upid",
        "struct nosuch_struct",
        "struct task_struct.nosuch init_task",
        "struct task_struct.pid,comm",
        "struct sched_class idle_sched_class",
        "struct -x pid init_struct_pid",
        "struct rq.nr_running,cpu runqueues:a",
        "union",
        "union rcu_special",
        "struct rcu_special",
        "* pid init_struct_pid",
        "* upid",
        // whatis
        "whatis init_task",
        "whatis struct list_head",
        "whatis schedule",
        "whatis task_struct.comm",
        "whatis -o struct list_head",
        "whatis init_task.comm",
        "whatis jiffies",
        "whatis enum pid_type",
        "whatis pid_type",
        "whatis pid_t",
        "whatis struct upid",
        "whatis -o upid",
        "whatis union",
        "whatis nosuch",
        "whatis schedule_timeout",
        "whatis runqueues",
        "whatis task_struct",
        "whatis PIDTYPE_SID",
        // eval
        "eval 100",
        "eval -b 100",
        "eval -l 100",
        "eval 0x100 + 5",
        "eval 128m",
        "eval (1 << 20)",
        "eval -b 0xffffffff",
        "eval jiffies",
        "eval 10 - 20",
        "eval xyz",
        "eval",
    ];

    [Theory]
    [InlineData("kdump/vmcore.elf")]
    [InlineData("qemu/vmcore.paging-elf")]
    public void OutputEqualsCrash(string dump)
    {
        IReadOnlyList<string> expected = CrashReference.Run(Fixtures.Path("kernel/vmlinux"), Fixtures.Path(dump), Table);
        using KernelProgram kernel = Fixtures.OpenKernel(dump);
        var failures = new List<string>();
        for (int i = 0; i < Table.Length; i++)
        {
            string actual = CommandRunner.Run(kernel, Table[i]);
            if (actual != expected[i])
                failures.Add($"`{Table[i]}` on {dump}\n--- {Crashdive.Tests.Commands.CrashReference.ExpectedVersion}:\n{expected[i]}\n--- crashdive:\n{actual}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {Table.Length} differ:\n" + string.Join("\n", failures));
    }
}
