using System.Text;
using Crashdive.Commands.Arguments;
using Crashdive.Helpers.Code;
using Crashdive.Helpers.Devices;
using Crashdive.Kernel;

namespace Crashdive.Commands.SystemState;

/// <summary>The tables of <c>dev</c>, <c>dev -p</c> and <c>dev -d</c> in crash 8.0.2's layout (dev.c).</summary>
internal static class DevicesText
{
    /// <summary>crash's <c>dump_chrdevs()</c>.</summary>
    public static string CharDevices(KernelProgram kernel)
    {
        var o = new StringBuilder();
        o.Append("CHRDEV    NAME         ").Append("  ");
        o.Append(CrashText.Center("CDEV", 16)).Append("  ").Append(CrashText.LJust("OPERATIONS", 16)).Append('\n');
        foreach (var d in Helpers.Devices.CharDevices.All(kernel))
            Row(kernel, o, d.Major, d.Name, d.Cdev, d.Fops);
        return o.ToString();
    }

    /// <summary>crash's <c>dump_blkdevs_v3()</c>.</summary>
    public static string BlockDevices(KernelProgram kernel)
    {
        var o = new StringBuilder();
        o.Append("BLKDEV    NAME         ").Append("  ");
        o.Append(CrashText.Center("GENDISK", 16, leanRight: true)).Append("  ").Append(CrashText.LJust("OPERATIONS", 16)).Append('\n');
        foreach (var b in Helpers.Devices.BlockDevices.Majors(kernel))
            Row(kernel, o, b.Major, b.Name.Length > 0 ? b.Name : "(unknown)", b.Gendisk, b.Fops);
        return o.ToString();
    }

    private static void Row(KernelProgram kernel, StringBuilder o, int major, string name, ulong address, ulong fops)
    {
        o.Append(' ').Append(CrashText.RJust(major.ToString(System.Globalization.CultureInfo.InvariantCulture), 3)).Append("      ");
        o.Append(CrashText.LJust(name, 13)).Append(' ');
        if (fops == 0)
        {
            o.Append(' ').Append(CrashText.Center("(none)", 16)).Append('\n');
            return;
        }
        o.Append(' ').Append(address.ToString("x").PadLeft(16)).Append("  ");
        o.Append(SymbolString(kernel, fops) ?? fops.ToString("x")).Append('\n');
    }

    /// <summary>crash's <c>value_to_symstr()</c> with module symbols: <c>name</c> or <c>name+offset</c>.</summary>
    public static string? SymbolString(KernelProgram kernel, ulong value)
    {
        if (KernelCode.SymbolString(kernel, value) is string s)
            return s;
        try
        {
            if (kernel.ModuleSymbols.ModuleAt(value) != null && kernel.ModuleSymbols.Resolve(value) is var (sym, offset))
                return offset == 0 ? sym.Name : $"{sym.Name}+{offset}";
        }
        catch (Exception e) when (e is KernelObjectException or Dumps.MemoryFaultException or KernelLayoutException)
        {
        }
        return null;
    }

    /// <summary>crash's <c>do_pci2()</c>: each root bus, its devices, then its child buses depth first.</summary>
    public static string PciDevices(KernelProgram kernel)
    {
        var roots = Pci.RootBuses(kernel);
        if (roots.Count == 0)
            throw new CommandException("no PCI devices found on this system.");
        bool pcie = kernel.Type("struct pci_dev").Underlying() is Crashdive.Symbols.Types.StructType st && st.HasMember("pcie_flags_reg");
        var o = new StringBuilder();
        foreach (var bus in roots)
        {
            o.Append(CrashText.Center("ROOT BUS", 16)).Append(' ').Append(CrashText.Center("BUSNAME", 7)).Append('\n');
            o.Append(CrashText.LJust(bus.Address.ToString("x"), 16)).Append(' ').Append(CrashText.Center(bus.Name, 7)).Append('\n');
            Devices(o, bus, pcie);
            Buses(o, bus, pcie);
            o.Append('\n');
        }
        return o.ToString();
    }

    private static void Devices(StringBuilder o, PciBus bus, bool pcie)
    {
        o.Append("  ").Append(CrashText.Center("PCI DEV", 16)).Append(' ').Append(CrashText.Center("DO:BU:SL.FN", 12)).Append(' ')
            .Append(CrashText.Center("CLASS", 6)).Append(' ').Append(CrashText.Center("PCI_ID", 9));
        if (pcie)
            o.Append(' ').Append(CrashText.Center("TYPE", 10));
        o.Append('\n');
        if (bus.Self is PciDevice self)
            Device(o, self);
        foreach (var d in bus.Devices)
            Device(o, d);
    }

    private static void Device(StringBuilder o, PciDevice d)
    {
        string type = (d.PcieType >= 0 ? Pci.PcieTypeName(d.PcieType) : "") + (d.IsBridge ? " [BRIDGE]" : "");
        o.Append("  ").Append(CrashText.LJust(d.Address.ToString("x"), 16)).Append(' ').Append(CrashText.Center(d.Name, 12)).Append(' ')
            .Append(CrashText.Center(d.Class.ToString("x4"), 6)).Append(' ').Append(CrashText.Center($"{d.Vendor:x}:{d.Device:x}", 9))
            .Append(' ').Append(CrashText.Center(type, 10)).Append('\n');
    }

    private static void Buses(StringBuilder o, PciBus bus, bool pcie)
    {
        foreach (var child in bus.Children)
        {
            o.Append("  ").Append(CrashText.Center("PCI BUS", 16)).Append(' ').Append(CrashText.Center("PARENT BUS", 16)).Append('\n');
            o.Append("  ").Append(CrashText.LJust(child.Address.ToString("x"), 16)).Append(' ').Append(CrashText.LJust(child.Parent.ToString("x"), 16)).Append('\n');
            Devices(o, child, pcie);
            o.Append('\n');
            Buses(o, child, pcie);
        }
    }

    /// <summary>crash's <c>display_all_diskio()</c>; with <paramref name="nonZero"/> (<c>-D</c>) only disks with requests in progress.</summary>
    public static string DiskIo(KernelProgram kernel, bool nonZero)
    {
        bool sync = Helpers.Devices.DiskIo.CountsSync(kernel), drv = Helpers.Devices.DiskIo.HasDriverInFlight(kernel);
        var o = new StringBuilder();
        o.Append("MAJOR ").Append(CrashText.LJust("GENDISK", 18)).Append(' ').Append("NAME      ").Append(' ')
            .Append(CrashText.LJust("REQUEST_QUEUE", 18)).Append(' ').Append(CrashText.RJust("TOTAL", 5)).Append(' ')
            .Append(CrashText.RJust(sync ? "ASYNC" : "READ", 5)).Append(' ').Append(CrashText.RJust(sync ? "SYNC" : "WRITE", 5)).Append(' ')
            .Append(drv ? CrashText.RJust("DRV", 5) : "").Append('\n');
        foreach (var d in Helpers.Devices.DiskIo.All(kernel))
        {
            // crash keeps the counts in ints
            int r = unchecked((int)d.Reads), w = unchecked((int)d.Writes);
            if (nonZero && r + w == 0)
                continue;
            o.Append($"{d.Major,5} ").Append(CrashText.LJust(d.Gendisk.ToString("x"), 16)).Append("   ").Append(CrashText.LJust(d.Name, 10)).Append(' ')
                .Append(CrashText.LJust(d.Queue.ToString("x"), 16)).Append("   ").Append($"{r + w,5} {r,5} {w,5} ");
            if (drv)
                o.Append(d.IsMq ? "N/A(MQ)" : $"{d.DriverInFlight ?? 0,5}");
            o.Append('\n');
        }
        return o.ToString();
    }
}
