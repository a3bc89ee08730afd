using Crashdive.Commands.Arguments;
using Crashdive.Helpers.Fs;
using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;

namespace Crashdive.Commands.SystemState;

/// <summary><c>mount</c>: the mounts of a task's mount namespace (pid 1's by default), as crash lays them out.</summary>
public sealed class MountCommand : ICommand
{
    /// <summary>crash's synopsis.</summary>
    public const string Synopsis = "[-f][-i] [-n pid|task] [mount|vfsmount|superblock|dev|dir|dentry|inode]";

    /// <inheritdoc/>
    public string Name => "mount";

    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "mount",
        Summary = "mounted filesystem data",
        Synopsis = Synopsis,
        Description = """
            Lists the mounts of a mount namespace, by default that of pid 1 (crash's choice), one line each: the
            struct mount, its super_block, the filesystem type, the device name and the directory it is mounted
            on. Given arguments, only the lines where one of them matches: a mount, vfsmount or super_block
            address, a device name or a directory (a trailing slash does not matter).
            """,
        Options =
        [
            new("-n", "pid|task", "the mounts of that task's mount namespace"),
            new("-f", null, "the open files of each superblock: refused (kernels since 3.13 keep no such list, and crashdive does not read older ones)"),
            new("-i", null, "the dirty inodes of each superblock: refused (kernels since 2.6.32 keep no such list)"),
        ],
        Arguments =
        [
            new("mount|vfsmount|superblock|dev|dir|dentry|inode", "only the mounts that match"),
        ],
        Examples =
        [
            new("mount /", "the root mount's line"),
            new("mount -n 1234", "the mounts seen by pid 1234 (a container, for instance)"),
        ],
    };

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = new Getopt(Spec.Getopt).Parse(args);
        if (parsed.Errors.Count > 0)
            throw new CommandException(string.Join("\nmount: ", parsed.Errors) + "\n" + CrashText.Usage(Name, Synopsis));
        var kernel = context.Kernel;
        KObject? task = null;
        foreach (var (letter, value) in parsed.Options)
        {
            switch (letter)
            {
                case 'f':
                    // super_block.s_files went away in 3.13, inuse_filps in 2.3: crash has no open-file list then.
                    if (!kernel.Type("struct super_block").HasMemberNamed("s_files") && kernel.SymbolAddress("inuse_filps") is null)
                        throw new CommandException("the super_block.s_files linked list does not exist in this kernel\nmount: -f option not supported or applicable on this architecture or kernel");
                    throw new CommandException("-f is not supported for this kernel's open-file lists yet");
                case 'i':
                    // super_block.s_dirty went away in 2.6.32.
                    if (!kernel.Type("struct super_block").HasMemberNamed("s_dirty"))
                        throw new CommandException("the super_block.s_dirty linked list does not exist in this kernel\nmount: -i option not supported or applicable on this architecture or kernel");
                    throw new CommandException("-i is not supported for this kernel's dirty-inode lists yet");
                case 'n':
                    task = TaskArgument.Find(kernel, value!) ?? throw new CommandException($"invalid task or pid value: {value}");
                    break;
            }
        }
        task ??= DefaultContext(kernel);
        var rows = new List<(string Line, string[] Keys)>();
        string header = $"{CrashText.Center("MOUNT", 16)} {CrashText.Center("SUPERBLK", 16)} {CrashText.LJust("TYPE", 6)} {CrashText.LJust("DEVNAME", 9)} DIRNAME\n";
        var output = context.Out;
        if (parsed.Words.Count == 0)
            output.Write(header);
        try
        {
            foreach (KObject mount in Mounts.Of(Mounts.Namespace(task.Value)))
            {
                context.Cancellation.ThrowIfCancellationRequested();
                string line = Row(mount, out ulong sb);
                if (parsed.Words.Count == 0)
                    output.Write(line);
                else
                    rows.Add((line, [$"{mount.Address:x}", $"{mount.Member("mnt").Address:x}", $"{sb:x}"]));
            }
        }
        catch (Helpers.Lists.ListWalkException e)
        {
            throw new CommandException($"mount list: {e.Message}");
        }
        if (parsed.Words.Count == 0)
            return;
        bool printed = false;
        foreach (string word in parsed.Words)
        {
            string spec = word.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? word[2..] : word;
            foreach (var (line, keys) in rows)
            {
                string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                bool found = fields.Any(f => PathEquals(f, spec)) || keys.Any(k => string.Equals(k, spec.TrimStart('0'), StringComparison.OrdinalIgnoreCase));
                if (!found)
                    continue;
                if (!printed)
                    output.Write(header);
                printed = true;
                output.Write(line);
            }
        }
    }

    // crash's PATHEQ: equal, ignoring one trailing slash on either side.
    private static bool PathEquals(string a, string b) =>
        a == b || a.TrimEnd('/') == b.TrimEnd('/') && a.Length > 0 && b.Length > 0 && a.TrimEnd('/').Length > 0;

    private static string Row(KObject mount, out ulong superBlock)
    {
        KObject sb = Mounts.SuperBlock(mount);
        superBlock = sb.ToUInt64();
        string type;
        try
        {
            type = CrashText.LJust(Mounts.FsTypeName(sb), 6) + " ";
        }
        catch (Exception e) when (e is Dumps.MemoryFaultException or KernelObjectException)
        {
            type = "unknown ";
        }
        string dev;
        try
        {
            dev = CrashText.LJust(Mounts.DevName(mount), 9) + " ";
        }
        catch (Exception e) when (e is Dumps.MemoryFaultException or KernelObjectException)
        {
            dev = CrashText.LJust("(unknown)", 9) + " ";
        }
        // crash squeezes TYPE and DEVNAME together when they overflow their 17 columns.
        string typeDev = type + dev;
        while (typeDev.Length > 17 && typeDev[^2] == ' ')
            typeDev = typeDev[..^1];
        string dir;
        try
        {
            dir = Mounts.MountPoint(mount);
        }
        catch (Exception e) when (e is Dumps.MemoryFaultException or KernelObjectException)
        {
            dir = "(unknown)";
        }
        return $"{mount.Address:x16} {superBlock:x16} {typeDev}{CrashText.LJust(dir, 10)}\n";
    }

    // crash: the task of the lowest pid from 1 up that it knows.
    private static KObject DefaultContext(KernelProgram kernel)
    {
        KObject? best = null;
        foreach (KObject t in global::Crashdive.Helpers.Tasks.Tasks.All(kernel))
        {
            int pid = global::Crashdive.Helpers.Tasks.Tasks.Pid(t);
            if (pid >= 1 && (best is null || pid < global::Crashdive.Helpers.Tasks.Tasks.Pid(best.Value)))
                best = t;
            if (pid == 1)
                break;
        }
        return best ?? global::Crashdive.Helpers.Tasks.Tasks.InitTask(kernel);
    }
}
