using Crashdive.Helpers.Lists;
using Crashdive.Kernel;

namespace Crashdive.Helpers.Sched;

/// <summary>
/// The scheduler's task groups (CONFIG_CGROUP_SCHED): <c>root_task_group</c> (<c>init_task_group</c> before
/// 2.6.32) and its descendants through <c>children</c>/<c>siblings</c>, each with per-CPU <c>cfs_rq</c> and
/// <c>rt_rq</c> pointer arrays. Walks are bounded and detect cycles.
/// </summary>
public static class TaskGroups
{
    /// <summary>Most task groups read before the hierarchy is called corrupt.</summary>
    public const int MaxGroups = 100_000;

    /// <summary>The root task group and crash's label for it (<c>ROOT</c>, or <c>INIT</c> on old kernels); null without group scheduling.</summary>
    public static (KObject Group, string Label)? Root(KernelProgram kernel)
    {
        if (kernel.FindVariable("init_task_group") is KObject init)
            return (init, "INIT");
        if (kernel.FindVariable("root_task_group") is KObject root)
            return (root, "ROOT");
        return null;
    }

    /// <summary>
    /// Every task group, crash's order: depth-first from the root, then stably sorted by depth, so that
    /// parents come before their children.
    /// </summary>
    public static IReadOnlyList<TaskGroupInfo> All(KernelProgram kernel)
    {
        if (Root(kernel) is not var (root, _))
            return [];
        var list = new List<TaskGroupInfo>();
        var seen = new HashSet<ulong>();
        Fill(kernel, root.Address, 0, -1, list, seen);
        // stable: a group keeps its place among those of its depth; parent indexes follow the move
        int[] order = Enumerable.Range(0, list.Count).OrderBy(i => list[i].Depth).ToArray();
        int[] newIndex = new int[order.Length];
        for (int i = 0; i < order.Length; i++)
            newIndex[order[i]] = i;
        var sorted = new TaskGroupInfo[order.Length];
        for (int i = 0; i < order.Length; i++)
        {
            TaskGroupInfo g = list[order[i]];
            sorted[i] = g with { Parent = g.Parent < 0 ? -1 : newIndex[g.Parent] };
        }
        return sorted;
    }

    private static void Fill(KernelProgram kernel, ulong group, int depth, int parent, List<TaskGroupInfo> list, HashSet<ulong> seen)
    {
        if (!seen.Add(group))
            throw new ListWalkException(group, group, "task_group hierarchy loops back on itself");
        if (list.Count >= MaxGroups)
            throw new ListWalkException(group, group, $"more than {MaxGroups} task groups");
        int index = list.Count;
        list.Add(new TaskGroupInfo(group, depth, Name(kernel, group), parent));
        var type = kernel.Type("struct task_group");
        KObject tg = KObject.Reference(kernel, type, group);
        foreach (KObject child in KernelList.Entries(kernel, tg.Member("children").Address, type, "siblings", maxNodes: MaxGroups))
            Fill(kernel, child.Address, depth + 1, index, list, seen);
    }

    /// <summary>
    /// The name of <paramref name="group"/>'s cgroup as crash's get_task_group_name gives it: the kernfs node's
    /// name (the cgroup dentry's before 3.15), <c>/</c> for the root cgroup, null when there is no cgroup.
    /// </summary>
    public static string? Name(KernelProgram kernel, ulong group)
    {
        try
        {
            KObject tg = KObject.Reference(kernel, kernel.Type("struct task_group"), group);
            ulong cgroup = tg.Member("css.cgroup").ToUInt64();
            if (cgroup == 0)
                return null;
            KObject cg = tg.Member("css.cgroup").Deref();
            if (cg.HasMember("dentry"))
            {
                ulong dentry = cg.Member("dentry").ToUInt64();
                return dentry == 0 ? null : cg.Member("dentry").Deref().Member("d_name.name").ReadString(256);
            }
            if (!cg.HasMember("kn"))
                return null;
            ulong kn = cg.Member("kn").ToUInt64();
            if (kn == 0)
                return null;
            KObject node = cg.Member("kn").Deref();
            // kernfs_node.parent became __parent in 6.15
            string parentMember = node.HasMember("parent") ? "parent" : "__parent";
            if (node.Member(parentMember).ToUInt64() == 0)
                return "/";
            return node.Member("name").ToUInt64() == 0 ? null : node.Member("name").ReadString(4096);
        }
        catch (Exception e) when (e is Crashdive.Dumps.MemoryFaultException or KernelObjectException)
        {
            return null;
        }
    }

    /// <summary><c>tg-&gt;cfs_rq[cpu]</c> or <c>tg-&gt;rt_rq[cpu]</c> (<paramref name="member"/>): the group's run queue on <paramref name="cpu"/>, 0 when the kernel has no such member.</summary>
    public static ulong RunQueue(KernelProgram kernel, ulong group, string member, int cpu)
    {
        KObject tg = KObject.Reference(kernel, kernel.Type("struct task_group"), group);
        if (!tg.HasMember(member))
            return 0;
        ulong array = tg.Member(member).ToUInt64();
        return array == 0 ? 0 : kernel.Memory.ReadPointer(array + (ulong)cpu * 8);
    }
}
