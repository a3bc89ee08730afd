using Crashdive.Helpers.Lists;
using Crashdive.Kernel;

namespace Crashdive.Helpers.Net;

/// <summary>Network namespaces: <c>net_namespace_list</c>, a task's namespace, per-netns data of modules.</summary>
public static class NetNamespaces
{
    /// <summary>Most namespaces a walk visits.</summary>
    public const int MaxNamespaces = 1_000_000;

    /// <summary><c>init_net</c> (<c>struct net</c>).</summary>
    public static KObject InitNet(KernelProgram kernel) => kernel.Variable("init_net");

    /// <summary>Every <c>struct net</c> on <c>net_namespace_list</c> (linked by <c>list</c>), init_net first.</summary>
    public static IEnumerable<KObject> All(KernelProgram kernel)
    {
        KObject head = kernel.Variable("net_namespace_list");
        return KernelList.Entries(kernel, head.Address, kernel.Type("struct net"), "list", maxNodes: MaxNamespaces);
    }

    /// <summary>The network namespace of <paramref name="task"/> (<c>task-&gt;nsproxy-&gt;net_ns</c>), or null for a task without nsproxy (exited).</summary>
    public static KObject? OfTask(KObject task)
    {
        KObject nsproxy = task.Member("nsproxy");
        if (nsproxy.ToUInt64() == 0)
            return null;
        KObject net = nsproxy.Member("net_ns");
        return net.ToUInt64() == 0 ? null : net.Deref();
    }

    /// <summary>
    /// <c>net_generic(net, id)</c>: the per-namespace data a pernet subsystem registered with
    /// <paramref name="id"/> (an address, 0 when the slot is empty). Since 4.11 (commit 6af2d5fff0b4)
    /// <c>ptr[id]</c> indexes the array from the start of <c>struct net_generic</c> (whose header shares
    /// the first slots); before that it was <c>ptr[id - 1]</c> after a <c>len</c> field, which this
    /// reads when the type has no union. The slot is checked against <c>s.len</c>.
    /// </summary>
    public static ulong Generic(KObject net, uint id)
    {
        KObject gen = net.Member("gen");
        ulong ng = gen.ToUInt64();
        if (ng == 0)
            throw new NetException($"net 0x{net.Address:x} has no net_generic array");
        KObject g = gen.Deref();
        bool unionLayout = g.HasMember("s");
        uint len = (uint)(unionLayout ? g.Member("s.len") : g.Member("len")).ToUInt64();
        if (id >= len + (unionLayout ? 0u : 1u) || id == 0)
            throw new NetException($"pernet id {id} is outside net_generic 0x{ng:x} (len {len})");
        ulong slot = unionLayout ? g.Member("ptr").Address + id * 8UL : g.Member("ptr").Address + (id - 1) * 8UL;
        return net.Kernel.Memory.ReadPointer(slot);
    }
}
