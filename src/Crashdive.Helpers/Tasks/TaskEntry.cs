namespace Crashdive.Helpers.Tasks;

/// <summary>
/// One task as read once from the dump (crash's <c>task_context</c>): its address and the fields every
/// task command needs. The struct itself stays in memory; read other fields through
/// <see cref="Tasks.At"/>.
/// </summary>
/// <param name="Task">Address of the <c>struct task_struct</c>.</param>
/// <param name="Pid"><c>pid</c>.</param>
/// <param name="Tgid"><c>tgid</c>.</param>
/// <param name="ParentTask"><c>parent</c>: the parent's <c>struct task_struct *</c>.</param>
/// <param name="Cpu">The CPU it last ran on.</param>
/// <param name="Comm"><c>comm</c>.</param>
/// <param name="Mm"><c>mm</c>, 0 for kernel threads.</param>
/// <param name="IsKernelThread">PID 0 or PF_KTHREAD.</param>
public sealed record TaskEntry(ulong Task, int Pid, int Tgid, ulong ParentTask, int Cpu, string Comm, ulong Mm, bool IsKernelThread);
