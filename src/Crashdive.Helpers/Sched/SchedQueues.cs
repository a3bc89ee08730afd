using Crashdive.Helpers.Lists;
using Crashdive.Helpers.Trees;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Helpers.Sched;

/// <summary>
/// The entities queued on a run queue, as the scheduler links them: a CFS run queue's red-black timeline of
/// <c>struct sched_entity</c> (a group's entity has <c>my_q</c>, its own <c>struct cfs_rq</c>), and an RT
/// priority array's lists of <c>struct sched_rt_entity</c> (a group's has <c>my_q</c>, a <c>struct rt_rq</c>).
/// Walks are bounded and detect cycles.
/// </summary>
public static class SchedQueues
{
    /// <summary>Most entities one run queue may hold before it is called corrupt.</summary>
    public const int MaxQueued = 1 << 22;

    /// <summary>
    /// The <c>struct sched_entity *</c> of <paramref name="cfsRq"/>'s timeline, leftmost (next to run) first;
    /// none when <c>rb_leftmost</c> is NULL, as crash checks before walking.
    /// </summary>
    public static IEnumerable<ulong> CfsEntities(KObject cfsRq)
    {
        KernelProgram kernel = cfsRq.Kernel;
        KObject timeline = cfsRq.Member("tasks_timeline");
        // rb_root_cached (4.14+) keeps rb_leftmost beside the root; older cfs_rq had its own rb_leftmost
        ulong leftmost = timeline.HasMember("rb_leftmost") ? timeline.Member("rb_leftmost").ToUInt64()
            : cfsRq.HasMember("rb_leftmost") ? cfsRq.Member("rb_leftmost").ToUInt64() : 1;
        if (leftmost == 0)
            yield break;
        CType seType = kernel.Type("struct sched_entity");
        ulong runNode = KernelList.MemberOffset(seType, "run_node");
        foreach (ulong node in RbTreeWalk.Nodes(kernel, timeline.Address, MaxQueued))
            yield return node - runNode;
    }

    /// <summary>A sched_entity's <c>my_q</c> (the <c>struct cfs_rq *</c> a group entity owns), 0 for a task or without group scheduling.</summary>
    public static ulong CfsMyQ(KernelProgram kernel, ulong se)
    {
        KObject e = KObject.Reference(kernel, kernel.Type("struct sched_entity"), se);
        return e.HasMember("my_q") ? e.Member("my_q").ToUInt64() : 0;
    }

    /// <summary>The <c>struct task_struct *</c> whose <c>se</c> is at <paramref name="se"/>.</summary>
    public static ulong TaskOfCfsEntity(KernelProgram kernel, ulong se) =>
        se - KernelList.MemberOffset(kernel.Type("struct task_struct"), "se");

    /// <summary>
    /// The <c>struct sched_rt_entity *</c> queued on <paramref name="prioArray"/> (a <c>struct rt_prio_array</c>),
    /// by priority index then queue order.
    /// </summary>
    public static IEnumerable<(int Prio, ulong Entity)> RtEntities(KObject prioArray)
    {
        KernelProgram kernel = prioArray.Kernel;
        KObject queue = prioArray.Member("queue");
        int n = queue.UnderlyingType is ArrayType a ? (int)Math.Min(a.Length ?? 0, 1024) : 0;
        CType rtType = kernel.Type("struct sched_rt_entity");
        ulong runList = KernelList.MemberOffset(rtType, "run_list");
        ulong listSize = kernel.Type("struct list_head").Size ?? 16;
        for (int prio = 0; prio < n; prio++)
        {
            ulong head = queue.Address + (ulong)prio * listSize;
            foreach (ulong node in KernelList.Nodes(kernel, head, maxNodes: MaxQueued))
                yield return (prio, node - runList);
        }
    }

    /// <summary>A sched_rt_entity's <c>my_q</c> (a group's <c>struct rt_rq *</c>), 0 for a task or without RT group scheduling.</summary>
    public static ulong RtMyQ(KernelProgram kernel, ulong rtEntity)
    {
        KObject e = KObject.Reference(kernel, kernel.Type("struct sched_rt_entity"), rtEntity);
        return e.HasMember("my_q") ? e.Member("my_q").ToUInt64() : 0;
    }

    /// <summary>The <c>struct task_struct *</c> whose <c>rt</c> is at <paramref name="rtEntity"/>.</summary>
    public static ulong TaskOfRtEntity(KernelProgram kernel, ulong rtEntity) =>
        rtEntity - KernelList.MemberOffset(kernel.Type("struct task_struct"), "rt");
}
