namespace Crashdive.Commands.Tasks;

public sealed partial class SetCommand
{
    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "set",
        Summary = "set a process context or internal crash variable",
        Synopsis = "[[-a] [pid | taskp] | [-c cpu] | -p] | [crash_variable [setting]] | -v",
        Description = """
            Chooses the task that other commands work on when given none (bt, vm, files, task, sig, net -s, a
            frame's variables): at the start it is the task that panicked. Without arguments, prints the current
            task: its pid, name, task_struct address, CPU and state. Choosing another task forgets the frame
            selected with "frame".

            The same command reads and changes the session's settings, with crash's names:

              radix 10|16, hex, dec    how p, struct and the like print integers
              scroll on|off            page long output (also the aliases sn and sf)
              print_max N              how many array elements p prints
              print_array on|off       arrays one element a line
              null-stop on|off         char arrays end at the first NUL
              zero_excluded on|off     pages left out of the dump read as zeros
              offline show|hide        whether offline CPUs are shown
              error default|redirect   where error messages go
              debug, hash, unwind, refresh, silent, console,
              core, redzone, data_debug, namelist
                                       accepted and shown by set -v, as crash keeps them

            Settings that crashdive cannot honour are refused with the reason: gdb (there is no embedded gdb),
            scope, vi, emacs and edit during a session, and a scroll pager other than the one the session
            started with.
            """,
        Options =
        [
            new("-c", "cpu", "make the task that was running on that CPU the current one"),
            new("-p", null, "go back to the task that panicked"),
            new("-a", "pid | taskp", "mark the task as the one running on its CPU, for the commands that ask what each CPU ran"),
            new("-v", null, "print every setting and its value"),
        ],
        Arguments =
        [
            new("pid", "make the task with this process id current"),
            new("taskp", "make the task at this task_struct address current"),
            new("crash_variable [setting]", "show one setting, or change it"),
        ],
        Examples =
        [
            new("set 1", "work on pid 1"),
            new("set radix 16", "print integers in hexadecimal from now on"),
        ],
    };
}
