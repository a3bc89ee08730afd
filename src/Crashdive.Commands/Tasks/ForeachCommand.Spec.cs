namespace Crashdive.Commands.Tasks;

public sealed partial class ForeachCommand
{
    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "foreach",
        Summary = "display command data for multiple tasks in the system",
        Synopsis = "[[pid | taskp | name | state | [kernel | user | gleader]] ...]\n          command [flag] [argument]",
        Description = """
            Runs a command once for each task that the words before it select, as if the current task had been
            set to each in turn, and leaves the current task as it was. The first word that names a command
            ends the selection; the words after it are that command's options and arguments, and the task's
            address is added as its last argument. Without selectors, every task is chosen.

            Any crashdive command can follow. bt, vm, task, files, net, sig and set are the usual ones. ps is
            given all the chosen tasks at once and prints one table. A command that fails for one task prints
            its error and foreach goes on with the next. With -R among the command's options, only the tasks
            whose output holds the reference appear, without task headers.
            """,
        Arguments =
        [
            new("pid", "the task (or threads) with this process id"),
            new("taskp", "the task at this task_struct address"),
            new("name", "every task with this name; \\name when the name is also a command's, 'regex' for a regular expression"),
            new("state", "every task in this state: RU, IN, UN, ST, ZO, TR, SW, DE, WA, PA, ID or NE"),
            new("kernel", "only kernel threads"),
            new("user", "only user tasks"),
            new("active", "only the tasks running on a CPU"),
            new("gleader", "only thread group leaders"),
            new("command [flag] [argument]", "the command to run for each task, with its own options"),
        ],
        Examples =
        [
            new("foreach UN bt", "the stacks of every task in uninterruptible sleep"),
            new("foreach 'nginx.*' files", "the open files of every nginx process"),
        ],
    };
}
