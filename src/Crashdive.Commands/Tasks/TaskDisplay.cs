using System.Globalization;
using Crashdive.Helpers.Sched;
using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;

namespace Crashdive.Commands.Tasks;

/// <summary>Pieces of crash's task output shared by the task commands: the task header line, crash's
/// centred fields, and the session's current task.</summary>
public static class TaskDisplay
{
    /// <summary>crash's <c>print_task_header()</c>: <c>PID: 1        TASK: ffff...  CPU: 1    COMMAND: "init"</c>, newline included.</summary>
    public static string Header(TaskEntry t) =>
        $"PID: {t.Pid,-7}  TASK: {t.Task:x16}  CPU: {t.Cpu,-3}  COMMAND: \"{t.Comm}\"\n";

    /// <summary>
    /// crash's <c>mkstring(CENTER)</c>: <paramref name="s"/> centred in <paramref name="width"/>; an odd
    /// space goes left when <paramref name="rightJustify"/> (CENTER|RJUST), else right.
    /// </summary>
    public static string Center(string s, int width, bool rightJustify)
    {
        int pad = width - s.Length;
        if (pad <= 0)
            return s;
        int left = rightJustify ? (pad + 1) / 2 : pad / 2;
        return new string(' ', left) + s + new string(' ', pad - left);
    }

    /// <summary>The session's current task: the one <c>set</c> chose, else the panic task, else CPU 0's running task.</summary>
    public static TaskEntry CurrentTask(KernelProgram kernel)
    {
        var table = TaskTable.Of(kernel);
        if (kernel.CurrentTask is ulong chosen && table.ByAddress(chosen) is TaskEntry c)
            return c;
        if (table.ByAddress(Runqueues.PanicTask(kernel)) is TaskEntry p)
            return p;
        var active = Runqueues.ActiveTasks(kernel);
        if (active.Count > 0 && table.ByAddress(active[0]) is TaskEntry a)
            return a;
        if (table.Tasks.Count > 0)
            return table.Tasks[0];
        throw new CommandException("no tasks found in the dump");
    }

    /// <summary>True when <paramref name="task"/> is running on some CPU (crash's <c>is_task_active</c>).</summary>
    public static bool IsActive(KernelProgram kernel, ulong task) => Runqueues.ActiveCpu(kernel, task) >= 0;

    /// <summary>
    /// crash's <c>str_to_context()</c> for one word: a decimal PID of existing tasks, else a hexadecimal
    /// task address; null when it is neither (crash: <c>invalid task or pid value</c>).
    /// </summary>
    public static IReadOnlyList<TaskEntry>? Resolve(KernelProgram kernel, string word)
    {
        var table = TaskTable.Of(kernel);
        string w = word.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? word[2..] : word;
        bool hexPrefixed = w.Length != word.Length;
        if (!hexPrefixed && int.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
        {
            var byPid = table.ByPid(pid).ToList();
            if (byPid.Count > 0)
                return byPid;
        }
        if (ulong.TryParse(w, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong address)
            && table.ByAddress(address) is TaskEntry t)
            return [t];
        return null;
    }

    /// <summary>True for words crash treats as numbers (<c>IS_A_NUMBER</c>): decimal or hexadecimal digits, with an optional 0x.</summary>
    public static bool IsNumber(string word)
    {
        string w = word.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? word[2..] : word;
        return w.Length > 0 && w.All(char.IsAsciiHexDigit);
    }

    /// <summary>
    /// The tasks named by <paramref name="words"/> (PIDs or task addresses), or the current task when
    /// there are none; an unknown one is crash's <c>invalid task or pid value: X</c> error.
    /// </summary>
    public static IReadOnlyList<TaskEntry> TasksOrCurrent(KernelProgram kernel, IReadOnlyList<string> words)
    {
        if (words.Count == 0)
            return [CurrentTask(kernel)];
        var list = new List<TaskEntry>();
        foreach (string w in words)
        {
            if (Resolve(kernel, w) is not { } found)
                throw new CommandException($"invalid task or pid value: {w}");
            list.AddRange(found);
        }
        return list;
    }
}
