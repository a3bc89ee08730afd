using Crashdive.Helpers.Lists;
using Crashdive.Kernel;

namespace Crashdive.Helpers.Mm;

/// <summary>
/// The memory-hotplug blocks (<c>struct memory_block</c>, the devices of the "memory" bus), in the
/// order of the bus's <c>klist_devices</c>: the bus's <c>subsys_private</c> is <c>memory_subsys.p</c>
/// before 6.3, and the kobject named "memory" on <c>bus_kset</c>'s list since (d2bf38c088e0 removed
/// <c>bus_type.p</c>).
/// </summary>
public static class MemoryBlocks
{
    /// <summary>Most blocks followed (one per section at least 128 MiB: 2^19 sections cover 64 TiB).</summary>
    public const int MaxBlocks = 1 << 20;

    /// <summary>The memory blocks as <c>struct memory_block</c> objects; empty when the kernel has none.</summary>
    public static IReadOnlyList<KObject> All(KernelProgram kernel)
    {
        var blocks = new List<KObject>();
        if (kernel.FindType("struct memory_block") is not { } blockType || kernel.FindVariable("memory_subsys") is not KObject subsys)
            return blocks;
        KObject? priv = subsys.HasMember("p") ? subsys.Member("p").Deref() : BusPrivate(kernel, "memory");
        if (priv is not KObject p)
            throw new MmException("cannot determine subsys_private for memory");
        var devicePrivate = kernel.Type("struct device_private");
        ulong knode = KernelList.MemberOffset(devicePrivate, "knode_bus") + KernelList.MemberOffset(kernel.Type("struct klist_node"), "n_node");
        ulong devOffset = KernelList.MemberOffset(blockType, "dev");
        ulong deviceOffset = KernelList.MemberOffset(devicePrivate, "device");
        ulong head = p.Member("klist_devices").Member("k_list").Address;
        foreach (ulong node in KernelList.Nodes(kernel, head, maxNodes: MaxBlocks))
        {
            ulong device = kernel.Memory.ReadPointer(node - knode + deviceOffset);
            blocks.Add(KObject.Reference(kernel, blockType, device - devOffset));
        }
        return blocks;
    }

    // 6.3+: the subsys_private whose subsys.kobj is named `name` on bus_kset->list.
    private static KObject? BusPrivate(KernelProgram kernel, string name)
    {
        if (kernel.FindVariable("bus_kset") is not KObject busKset || busKset.ToUInt64() == 0)
            return null;
        var kobjectType = kernel.Type("struct kobject");
        var privType = kernel.Type("struct subsys_private");
        ulong kobjInPriv = KernelList.MemberOffset(privType, "subsys") + KernelList.MemberOffset(kernel.Type("struct kset"), "kobj");
        foreach (KObject kobj in KernelList.Entries(kernel, busKset.Deref().Member("list").Address, kobjectType, "entry", maxNodes: 4096))
        {
            if (kobj.Member("name").ReadString(64) == name)
                return KObject.Reference(kernel, privType, kobj.Address - kobjInPriv);
        }
        return null;
    }
}
