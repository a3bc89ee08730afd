using Crashdive.Helpers.Lists;
using Crashdive.Kernel;

namespace Crashdive.Helpers.Devices;

/// <summary>One PCI device (<c>struct pci_dev</c>) as crash's <c>dev -p</c> shows it.</summary>
/// <param name="Address">The <c>struct pci_dev</c>.</param>
/// <param name="Name">Its device name, <c>DOMAIN:BUS:SLOT.FN</c>.</param>
/// <param name="Class">The class code without the programming interface (<c>class &gt;&gt; 8</c>).</param>
/// <param name="Vendor">Vendor id.</param>
/// <param name="Device">Device id.</param>
/// <param name="PcieType">The PCIe port type from <c>pcie_flags_reg</c> (bits 4-7), -1 when the kernel has no such field.</param>
/// <param name="IsBridge">The header type is a PCI-to-PCI or CardBus bridge.</param>
public readonly record struct PciDevice(ulong Address, string Name, uint Class, ushort Vendor, ushort Device, int PcieType, bool IsBridge);

/// <summary>A PCI bus (<c>struct pci_bus</c>): its devices, its bridge device and its child buses.</summary>
/// <param name="Address">The <c>struct pci_bus</c>.</param>
/// <param name="Parent">Its parent bus, 0 for a root bus.</param>
/// <param name="Name">The bus name, <c>DOMAIN:BUS</c>.</param>
/// <param name="Self">The bridge device leading to it, null for a root bus.</param>
/// <param name="Devices">The devices on it, in list order.</param>
/// <param name="Children">The buses behind its bridges.</param>
public sealed record PciBus(ulong Address, ulong Parent, string Name, PciDevice? Self, IReadOnlyList<PciDevice> Devices, IReadOnlyList<PciBus> Children);

/// <summary>The PCI hierarchy from <c>pci_root_buses</c>: root buses, their devices and child buses, bounded in size and depth.</summary>
public static class Pci
{
    /// <summary>Most devices or buses on one list.</summary>
    public const int MaxEntries = 65536;

    /// <summary>Deepest bus nesting followed.</summary>
    public const int MaxDepth = 64;

    /// <summary>The root buses in list order; an empty list when the kernel has PCI but no root bus.</summary>
    public static List<PciBus> RootBuses(KernelProgram kernel)
    {
        KObject roots = kernel.FindVariable("pci_root_buses") ?? throw new KernelObjectException("pci_root_buses: symbol does not exist");
        var busType = kernel.Type("struct pci_bus");
        var list = new List<PciBus>();
        foreach (KObject bus in KernelList.Entries(kernel, roots.Address, busType, "node", maxNodes: MaxEntries))
            list.Add(Bus(kernel, bus, 0));
        return list;
    }

    private static PciBus Bus(KernelProgram kernel, KObject bus, int depth)
    {
        var devType = kernel.Type("struct pci_dev");
        string name = KobjectName(kernel, bus.Member("dev.kobj.name").ToUInt64());
        ulong self = bus.Member("self").ToUInt64();
        var devices = new List<PciDevice>();
        foreach (KObject d in KernelList.Entries(kernel, bus.Member("devices").Address, devType, "bus_list", maxNodes: MaxEntries))
            devices.Add(Device(kernel, d));
        var children = new List<PciBus>();
        if (depth + 1 < MaxDepth)
        {
            foreach (KObject c in KernelList.Entries(kernel, bus.Member("children").Address, bus.Type, "node", maxNodes: MaxEntries))
                children.Add(Bus(kernel, c, depth + 1));
        }
        return new PciBus(bus.Address, bus.Member("parent").ToUInt64(), name,
            self == 0 ? null : Device(kernel, KObject.Reference(kernel, devType, self)), devices, children);
    }

    private static PciDevice Device(KernelProgram kernel, KObject d)
    {
        // PCI_EXP_FLAGS_TYPE (0x00f0) of the PCIe capability's flags register
        int pcieType = d.HasMember("pcie_flags_reg") ? (int)((d.Member("pcie_flags_reg").ToUInt64() & 0xf0) >> 4) : -1;
        uint hdr = (uint)d.Member("hdr_type").ToUInt64();
        return new PciDevice(d.Address, KobjectName(kernel, d.Member("dev.kobj.name").ToUInt64()),
            (uint)(d.Member("class").ToUInt64() >> 8), (ushort)d.Member("vendor").ToUInt64(), (ushort)d.Member("device").ToUInt64(),
            pcieType, hdr == 1 || hdr == 2);
    }

    private static string KobjectName(KernelProgram kernel, ulong pointer) =>
        pointer == 0 ? "" : kernel.Memory.TryReadCString(pointer, 256) ?? "";

    /// <summary>crash's name for a PCIe port type (include/uapi/linux/pci_regs.h PCI_EXP_TYPE_*), empty for an unknown one.</summary>
    public static string PcieTypeName(int type) => type switch
    {
        0x0 => "ENDPOINT",
        0x1 => "LEG_END",
        0x4 => "ROOT_PORT",
        0x5 => "UPSTREAM",
        0x6 => "DOWNSTREAM",
        0x7 => "PCI_BRIDGE",
        0x8 => "PCIE_BRIDGE",
        0x9 => "RC_END",
        0xa => "RC_EC",
        _ => "",
    };
}
