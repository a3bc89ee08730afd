using Crashdive.Commands.Arguments;
using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;

namespace Crashdive.Commands.Net;

/// <summary>
/// A <c>pid | task</c> word as crash reads it (<c>str_to_context</c>): all decimal digits is a pid,
/// otherwise a hexadecimal task_struct address that must be a task on the task list; and crash's task header.
/// </summary>
public static class TaskArgument
{
    /// <summary>The tasks <paramref name="word"/> names (a pid's task), or empty when it names none.</summary>
    public static IReadOnlyList<KObject> Resolve(KernelProgram kernel, string word)
    {
        if (AddressExpression.IsDecimal(word) && long.TryParse(word, out long pid))
        {
            if (pid == 0)
                return [Tasks.InitTask(kernel)];
            return Tasks.FindByPid(kernel, (int)pid) is KObject t ? [t] : [];
        }
        if (!AddressExpression.IsHexadecimal(word))
            return [];
        ulong address;
        try
        {
            address = AddressExpression.ParseHex(word);
        }
        catch (CommandException)
        {
            return [];
        }
        foreach (KObject t in Tasks.All(kernel))
        {
            if (t.Address == address)
                return [t];
        }
        return [];
    }

    /// <summary>crash's <c>print_task_header</c>: <c>PID: 1        TASK: ffff...  CPU: 1    COMMAND: "init"</c>.</summary>
    public static string Header(KObject task) =>
        $"PID: {Tasks.Pid(task),-7}  TASK: {task.Address:x16}  CPU: {Tasks.Cpu(task),-3}  COMMAND: \"{Tasks.Comm(task)}\"";
}
