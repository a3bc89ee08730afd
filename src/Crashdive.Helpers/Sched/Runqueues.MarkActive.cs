using Crashdive.Kernel;

namespace Crashdive.Helpers.Sched;

public static partial class Runqueues
{
    /// <summary>
    /// crash's <c>set -a</c>: from now on <paramref name="task"/> (a <c>struct task_struct *</c>) counts as the
    /// running task of <paramref name="cpu"/> for <see cref="ActiveTasks"/>, and so for the panic task when
    /// <paramref name="cpu"/> panicked: for dumps where <c>rq-&gt;curr</c> is not the task that was really running.
    /// </summary>
    public static void MarkActive(KernelProgram kernel, int cpu, ulong task)
    {
        ulong[] tasks = ActiveSetOf(kernel).Tasks;
        if ((uint)cpu >= (uint)tasks.Length)
            throw new ArgumentOutOfRangeException(nameof(cpu), cpu, $"the dump has {tasks.Length} cpus");
        tasks[cpu] = task;
    }
}
