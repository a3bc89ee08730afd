using System.Text;
using Crashdive.Commands.Arguments;
using Crashdive.Dumps;
using Crashdive.Helpers.Devices;
using Crashdive.Kernel;

namespace Crashdive.Commands.SystemState;

/// <summary><c>dev</c>: devices; <c>-i</c> the I/O port and memory resource trees.</summary>
public sealed partial class DevCommand : ICommand
{
    /// <summary>crash's synopsis.</summary>
    public const string Synopsis = "[-i | -p | -d | -D ] [-V | -v index [file]]";

    /// <inheritdoc/>
    public string Name => "dev";

    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "dev",
        Summary = "device data",
        Synopsis = Synopsis,
        Description = """
            Without options, lists the registered character devices (major number, name, struct cdev and its
            file operations), then the block devices (major number, name, gendisk and its operations). The
            options show other device tables; the first one given decides.
            """,
        Options =
        [
            new("-i", null, "the I/O port and I/O memory resource trees (ioport_resource, iomem_resource), nested as the kernel keeps them"),
            new("-p", null, "the PCI buses and their devices: each pci_dev with its domain:bus:slot.function, class, vendor and device id, and the PCIe port type where there is one"),
            new("-d", null, "each disk's request counts: in flight in total, by direction (or sync/async), and in the driver where the kernel counts that"),
            new("-D", null, "as -d, only the disks with requests in flight"),
            new("-V", null, "the device dumps (vmcoredd notes) the dump carries; ELF and kdump files only"),
            new("-v", "index", "show device dump number index, or write it to the file named after the index"),
        ],
        Arguments = [new("file", "with -v: where to write the device dump")],
        Examples =
        [
            new("dev -d", "the I/O in flight on every disk"),
            new("dev -i", "the I/O resource trees"),
        ],
    };

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = new Getopt(Spec.Getopt).Parse(args);
        if (parsed.Errors.Count > 0)
            throw new CommandException(string.Join("\ndev: ", parsed.Errors) + "\n" + CrashText.Usage(Name, Synopsis));
        bool indexed = false;
        int index = 0;
        foreach (var (letter, value) in parsed.Options)
        {
            switch (letter)
            {
                case 'i':
                    IoResources(context);
                    return;
                case 'p':
                    Run(context, () => DevicesText.PciDevices(context.Kernel));
                    return;
                case 'd':
                case 'D':
                    Run(context, () => DevicesText.DiskIo(context.Kernel, letter == 'D'));
                    return;
                case 'V':
                    if (context.Kernel.Dump.Format is not (DumpFormat.Elf or DumpFormat.Kdump))
                        throw new CommandException("-V option not supported on this dumpfile type");
                    ListDeviceDumps(context);
                    return;
                case 'v':
                    indexed = true;
                    index = int.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out int n) ? n : 0;
                    break;
            }
        }
        if (parsed.Words.Count > (indexed ? 1 : 0))
        {
            context.Out.Write(CrashText.Usage(Name, Synopsis) + "\n");
            return;
        }
        if (indexed)
        {
            if (context.Kernel.Dump.Format is not (DumpFormat.Elf or DumpFormat.Kdump))
                throw new CommandException("-v option not supported on this dumpfile type");
            ExtractDeviceDump(context, index, parsed.Words.Count > 0 ? parsed.Words[0] : null);
            return;
        }
        Run(context, () => DevicesText.CharDevices(context.Kernel) + "\n" + DevicesText.BlockDevices(context.Kernel));
    }

    /// <summary>Writes what <paramref name="build"/> makes; a kernel object or memory failure becomes the command's one-line error.</summary>
    private static void Run(CommandContext context, Func<string> build)
    {
        string text;
        try
        {
            text = build();
        }
        catch (Exception e) when (e is KernelObjectException or Dumps.MemoryFaultException or Helpers.Lists.ListWalkException)
        {
            throw new CommandException(e.Message);
        }
        context.Out.Write(text);
    }

    private static void IoResources(CommandContext context)
    {
        var kernel = context.Kernel;
        var o = new StringBuilder();
        bool first = true;
        foreach (string root in new[] { "ioport_resource", "iomem_resource" })
        {
            List<ResourceNode> tree;
            try
            {
                tree = Resources.Tree(kernel, root);
            }
            catch (Exception e) when (e is KernelObjectException or Dumps.MemoryFaultException)
            {
                context.Out.Write(o.ToString());
                throw new CommandException(e.Message);
            }
            int size = tree[0].End > 0xffff ? 8 : 4;
            if (!first)
                o.Append('\n');
            first = false;
            o.Append($"{CrashText.Center("RESOURCE", 16)}  {CrashText.Center("RANGE", size * 2 + 1)}  NAME\n");
            int wrap = 16 + 2 + size * 2 + 1 + 2;
            foreach (var r in tree)
            {
                string range = size == 4 ? $"{r.Start:x4}-{r.End:x4}" : $"{r.Start:x8}-{r.End:x8}";
                o.Append($"{r.Address,8:x}  {range}");
                string name = r.Name ?? "(unknown)";
                if (wrap + name.Length <= 80)
                {
                    o.Append("  ").Append(name).Append('\n');
                    continue;
                }
                // crash breaks a long name at the last space that brings the line within 80 columns
                int excess = wrap + name.Length - 80, cut = -1;
                for (int p = name.Length - 1, c = 0; p > 0; p--, c++)
                {
                    if (name[p] == ' ' && c >= excess)
                    {
                        cut = p;
                        break;
                    }
                }
                if (cut < 0)
                    o.Append("  ").Append(name).Append('\n');
                else
                    o.Append("  ").Append(name[..cut]).Append('\n').Append(' ', wrap).Append(name[(cut + 1)..]).Append('\n');
            }
        }
        context.Out.Write(o.ToString());
    }
}
