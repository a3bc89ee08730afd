namespace Crashdive.Commands.Tasks;

public sealed partial class SysCommand
{
    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "sys",
        Summary = "system data",
        Synopsis = "[-c [name|number]] [-t] [-i] config",
        Description = """
            Without arguments, prints the summary that crash shows when it starts: the vmlinux and dump files,
            the number of CPUs, the date of the dump, the uptime and load averages, the number of tasks, the
            node name, the kernel release and version, the machine and its clock rate, the memory size, and the
            panic message. TASKS counts every task in the kernel's task lists.
            """,
        Options =
        [
            new("-c", null, "the system call table: number, handler and its source file and line; followed by a name, only the entries whose handler contains it; by a number, only that entry"),
            new("-t", null, "the taint mask in hexadecimal, and the letters of the taint flags set in it"),
            new("-i", null, "the DMI strings (BIOS, system, board and chassis identification) the kernel saved"),
            new("-panic", null, "refused: crash panics a live system with it, and a dump cannot be panicked"),
            new("--json", null, "the summary (or -c, -i) as JSON"),
        ],
        Arguments =
        [
            new("config", "the kernel configuration built into the kernel (CONFIG_IKCONFIG), as .config text"),
            new("name|number", "after -c: the system calls to show"),
        ],
        Examples =
        [
            new("sys -c select", "the system calls whose handler names contain select"),
            new("sys config | grep PREEMPT", "how the kernel was built for preemption"),
        ],
        ExtraGetopt = "p:",
    };
}
