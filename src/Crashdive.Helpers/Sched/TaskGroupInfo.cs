namespace Crashdive.Helpers.Sched;

/// <summary>
/// One <c>struct task_group</c> of the scheduler's hierarchy: its address, depth below the root (0), the
/// name of its cgroup (null when it has none) and the index of its parent in <see cref="TaskGroups.All"/> (-1 for the root).
/// </summary>
public sealed record TaskGroupInfo(ulong TaskGroup, int Depth, string? Name, int Parent);
