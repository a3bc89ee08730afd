namespace Crashdive.Commands.Backtrace;

public sealed partial class BtCommand
{
    /// <summary>crash's synopsis.</summary>
    public const string Synopsis = "[-a|-c cpu(s)|-g|-r|-t|-T|-l|-e|-E|-f|-F|-o|-O|-v|-p] [-R ref] [-s [-x|d]]\n     [-I ip] [-S sp] [-n idle] [pid | task]";

    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "bt",
        Summary = "backtrace",
        Synopsis = Synopsis,
        Description = """
            Prints the kernel stack of a task as numbered frames, newest first: the stack address of each frame,
            the function and the return address. Without a task, the current context is used (the task that
            panicked, until "set" picks another).

            Frames are found with the kernel's ORC unwind tables (from the vmlinux and from each module), so a
            stale return address left on the stack is not mistaken for a frame. Exception frames print the saved
            registers, and the walk crosses from IRQ and exception stacks back to the task's stack with a
            marker line. When the walk cannot go on (a stack pointer outside the stack, a loop, an address with
            no unwind data), its last line says where it stopped and why.
            """,
        Options =
        [
            new("-a", null, "the task running on each CPU when the dump was taken"),
            new("-c", "cpu(s)", "the task running on the CPUs listed: 3, 1,8,9, 1-23 or 1,8,9-14"),
            new("-p", null, "only the task that panicked"),
            new("-g", null, "every thread of the task's thread group, the leader first"),
            new("-n", "idle", "with -a or -c: for an idle task stopped by the dump NMI, only its header line; any other value is refused"),
            new("-r", null, "the raw words of the whole stack area instead of frames"),
            new("-t", null, "every text address found between the current stack position and the top, whether or not it is a frame"),
            new("-T", null, "the same as -t, starting from the bottom of the stack"),
            new("-l", null, "add the source file and line of each frame"),
            new("-e", null, "scan the stack for anything that looks like an exception frame and print each"),
            new("-E", null, "scan every CPU's IRQ and exception stacks for exception frames; other options but -c are ignored"),
            new("-f", null, "after each frame, the stack words that belong to it"),
            new("-F", null, "like -f, with each word shown as a symbol where it is one; given twice (-FF), addresses too"),
            new("-v", null, "for every task, check the end-of-stack magic value for evidence of an overflow"),
            new("-o", null, "the old method: every text address found on the stack from the first frame up, stale ones included"),
            new("-O", null, "switch the default between the old method and the ORC unwinder (it is remembered for the session)"),
            new("-R", "ref", "only the tasks whose backtrace refers to the symbol or address ref"),
            new("-s", null, "show the offset into the function (symbol+offset) on each frame"),
            new("-x", null, "with -s, offsets in hexadecimal"),
            new("-d", null, "with -s, offsets in decimal"),
            new("-I", "ip", "begin the walk at text address ip"),
            new("-S", "sp", "begin the walk at stack address sp (hexadecimal); with -I, the first frame is at sp in the function at ip, alone sp must hold a return address"),
            new("-D", "dumpfile", "refused: crashdive does not write stacks to a file"),
            new("-A", null, "refused: for architectures crashdive does not read"),
            new("--json", null, "one JSON object per task, with its frames, for scripts"),
        ],
        Arguments =
        [
            new("pid", "a process id"),
            new("task", "the address of a task_struct, hexadecimal"),
        ],
        Examples =
        [
            new("bt -a -n idle", "what every CPU was running, idle CPUs in one line each"),
            new("bt -l 1", "the stack of pid 1 with source lines"),
            new("foreach bt", "every task's stack"),
        ],
    };
}
