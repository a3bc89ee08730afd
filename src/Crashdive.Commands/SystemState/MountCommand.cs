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
    public string Summary => "mounted filesystem data";

    /// <inheritdoc/>
    public string Help => HelpText;

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = new Getopt("ifn:").Parse(args);
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

    /// <summary>crash 8.0.2's <c>help mount</c> text.</summary>
    public const string HelpText =
        """
        NAME
          mount - mounted filesystem data

        SYNOPSIS
          mount [-f][-i] [-n pid|task] [mount|vfsmount|superblock|dev|dir|dentry|inode]

        DESCRIPTION
          This command displays basic information about the currently-mounted
          filesystems.  The per-filesystem dirty inode list or list of open
          files for the filesystem may also be displayed.

             -f  dump dentries and inodes for open files in each filesystem; only
                 supported on kernels prior to Linux 3.13.
             -i  dump all dirty inodes associated with each filesystem; only
                 supported on kernels prior to Linux 2.6.32.

          For kernels supporting namespaces, the -n option may be used to
          display the mounted filesystems with respect to the namespace of a
          specified task:

             -n pid   a process PID.
             -n task  a hexadecimal task_struct pointer.

          Specific filesystems may be selected using the following forms:

            vfsmount  hexadecimal address of a filesystem vfsmount structure.
               mount  hexadecimal address of a filesystem mount structure (Linux 3.3
                      and later).
          superblock  hexadecimal address of a filesystem super_block structure.
                 dev  device name of a filesystem.
                 dir  directory where a filesystem is mounted.
              dentry  hexadecimal address of an open dentry of a filesystem.
               inode  hexadecimal address of an open inode of a filesystem.

          The first column of the command output displays the filesystem's vfsmount
          structure address for kernels prior to Linux 3.3.  For Linux 3.3 and later
          kernels, the first column displays the filesystem's mount structure address,
          which contains an embedded vfsmount structure.

        EXAMPLES
          Display mounted filesystem data:

            crash> mount
            VFSMOUNT SUPERBLK TYPE   DEVNAME   DIRNAME
            c0089ea0 c0088a00 ext2   /dev/root /    
            c0089cf0 c0088c00 proc   /proc     /proc
            c0089e10 c0088800 ext2   /dev/sda5 /boot
            c0089d80 c0088600 ext2   /dev/sda6 /usr
            c0089f30 c0088400 devpts none      /dev/pts
            c3f4b010 c0088200 ext2   /dev/sda1 /home

          On Linux 3.3 and later kernels, the filesystem's mount structure address
          is shown:

            crash> mount
                 MOUNT           SUPERBLK     TYPE   DEVNAME   DIRNAME
            ffff880212fb8200 ffff880212fc0800 rootfs rootfs    /   
            ffff88020ffbea00 ffff880212fc2000 proc   proc      proc
            ffff880211db7f00 ffff88020e01a800 sysfs  sysfs     /sys
            ffff88020ffe1300 ffff880212a40000 devtmpfs devtmpfs /dev
            ffff88020ff15000 ffff880212bbc800 devpts devpts    /dev/pts
            ffff88020e542800 ffff88020e62b800 tmpfs  tmpfs     /dev/shm
            ...

          Display the open files associated with each mounted filesystem:

            crash> mount -f
            VFSMOUNT SUPERBLK TYPE   DEVNAME   DIRNAME
            c7fb2b80 c7fb3200 ext2   /dev/root /
            OPEN FILES:
             DENTRY    INODE    TYPE  PATH
            c6d02200  c6d0f7a0  REG   usr/X11R6/lib/libX11.so.6.1
            c6d02100  c6d0f9e0  REG   usr/X11R6/lib/libXext.so.6.3
            c6d02000  c6d0fc20  REG   usr/X11R6/lib/libICE.so.6.3
            c6d02680  c6d0f320  REG   usr/X11R6/bin/xfs
            c7106580  c70c5440  CHR   dev/psaux
            ...

          Display the dirty inodes associated with each mounted filesystem:

            crash> mount -i
            VFSMOUNT SUPERBLK TYPE   DEVNAME   DIRNAME
            c0089ea0 c0088a00 ext2   /dev/root /
            DIRTY INODES
            c7ad4008
            c2233438
            c72c4008
            c7d6b548
            c3af1a98
            c7d6b768
            c3c4e228
            ...

          Display the mounted filesystem containing inode c5000aa8:

            crash> mount c5000aa8
            VFSMOUNT SUPERBLK TYPE   DEVNAME   DIRNAME
            c0089f30 c0088600 ext2   /dev/sda6 /usr 

          Display the mounted filesystem containing inode ffff8801f4245e40:

            crash> mount ffff8801f4245e40
                 MOUNT           SUPERBLK     TYPE   DEVNAME  DIRNAME
            ffff88020ffbea00 ffff880212fc2000 proc   proc     /proc

        """;
}
