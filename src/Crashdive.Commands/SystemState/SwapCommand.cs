using System.Text;
using Crashdive.Commands.Arguments;
using Crashdive.Helpers.Fs;
using Crashdive.Helpers.Mm;
using Crashdive.Kernel;

namespace Crashdive.Commands.SystemState;

/// <summary><c>swap</c>: the swap devices in use (<c>swap_info[]</c>).</summary>
public sealed class SwapCommand : ICommand
{
    /// <summary>crash's synopsis (the command takes no options).</summary>
    public const string Synopsis = "";

    /// <inheritdoc/>
    public string Name => "swap";

    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "swap",
        Summary = "swap device information",
        Synopsis = Synopsis,
        Description = """
            Lists each swap area the kernel has enabled (the entries of swap_info[]): the address of its struct
            swap_info_struct, whether it is a partition or a file, its size and the part in use in kilobytes,
            the percentage used, its priority, and the path of the device or file. The command takes no options
            or arguments.
            """,
    };

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = new Getopt(Spec.Getopt).Parse(args);
        if (parsed.Errors.Count > 0)
            throw new CommandException(string.Join("\nswap: ", parsed.Errors) + "\n" + CrashText.Usage(Name, Synopsis));
        var kernel = context.Kernel;
        var o = new StringBuilder("SWAP_INFO_STRUCT    TYPE       SIZE       USED     PCT  PRI  FILENAME\n");
        foreach (KObject s in Swap.Devices(kernel))
        {
            ulong pages = s.Member("pages").ToUInt64() << 2, used = s.Member("inuse_pages").ToUInt64() << 2;
            long prio = s.Member("prio").ToInt64();
            string name = "(unknown)";
            bool partition = false;
            try
            {
                KObject file = s.Member("swap_file");
                KObject path = file.Member("f_path");
                KObject mount = path.Member("mnt").ContainerOf(kernel.Type("struct mount"), "mnt");
                name = Dentry.Path(path.Member("dentry"), mount);
                // S_IFBLK in the inode's mode: a partition, else a file
                partition = (file.Member("f_inode").Member("i_mode").ToUInt64() & 0xf000) == 0x6000;
            }
            catch (Exception e) when (e is KernelObjectException or Dumps.MemoryFaultException)
            {
            }
            string pct = $"{(pages == 0 ? 0 : used * 100 / pages),2}%";
            o.Append($"{CrashText.Center($"{s.Address:x}", 16)}  {(partition ? "PARTITION" : "  FILE   ")} ");
            o.Append($"{CrashText.Center(pages + "k", 10, leanRight: true)} {CrashText.Center(used + "k", 10, leanRight: true)} {CrashText.Center(pct, 4, leanRight: true)} {prio,4}  {name}\n");
        }
        context.Out.Write(o.ToString());
    }
}
