using System.Text;
using Crashdive.Commands.Arguments;
using Crashdive.Kernel;

namespace Crashdive.Commands.SystemState;

/// <summary>
/// <c>ipcs</c>: System V IPC facilities of the initial IPC namespace (<c>init_ipc_ns.ids[]</c>: semaphores,
/// message queues, shared memory). Listing allocated identifiers is not supported yet: a namespace
/// with any in use says so.
/// </summary>
public sealed class IpcsCommand : ICommand
{
    /// <summary>crash's synopsis.</summary>
    public const string Synopsis = "[-smMq] [-n pid|task] [id | addr]";

    /// <inheritdoc/>
    public string Name => "ipcs";

    /// <inheritdoc/>
    public string Summary => "System V IPC facilities";

    /// <inheritdoc/>
    public string Help => HelpText;

    // ids[] is indexed IPC_SEM_IDS 0, IPC_MSG_IDS 1, IPC_SHM_IDS 2 (ipc/util.h); crash prints shm, sem, msg.
    private static readonly (int Index, string Header)[] Sections =
    [
        (2, "SHMID_KERNEL     KEY      SHMID      UID   PERMS BYTES      NATTCH STATUS\n"),
        (0, "SEM_ARRAY        KEY      SEMID      UID   PERMS NSEMS     \n"),
        (1, "MSG_QUEUE        KEY      MSQID      UID   PERMS USED-BYTES   MESSAGES    \n"),
    ];

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = new Getopt("smMqn:").Parse(args);
        if (parsed.Errors.Count > 0)
            throw new CommandException(string.Join("\nipcs: ", parsed.Errors) + "\n" + CrashText.Usage(Name, Synopsis));
        bool shm = false, sem = false, msg = false;
        var kernel = context.Kernel;
        KObject? task = null;
        foreach (var o in parsed.Options)
        {
            switch (o.Letter)
            {
                case 's': sem = true; break;
                case 'm': shm = true; break;
                case 'M': shm = true; break; // its details (pages, inode) belong to segments, of which none is listed yet
                case 'q': msg = true; break;
                case 'n':
                    if (Tasks.TaskDisplay.Resolve(kernel, o.Value!) is not { } found)
                        throw new CommandException($"invalid task or pid value: {o.Value}");
                    task = Helpers.Tasks.Tasks.At(kernel, found[0].Task);
                    break;
            }
        }
        foreach (string w in parsed.Words)
        {
            if (!IsNumber(w))
                throw new CommandException($"not a valid number: {w}");
        }
        if (!shm && !sem && !msg)
            shm = sem = msg = true;
        KObject ns = Namespace(kernel, task);
        var o2 = new StringBuilder();
        // ids[] is indexed IPC_SEM_IDS 0, IPC_MSG_IDS 1, IPC_SHM_IDS 2; crash prints shm, sem, msg
        foreach (var (index, header) in Sections)
        {
            if (!(index == 2 ? shm : index == 0 ? sem : msg))
                continue;
            long inUse = ns.Member("ids").Index(index).Member("in_use").ToInt64();
            if (inUse != 0)
            {
                context.Out.Write(o2.ToString());
                throw new CommandException($"{inUse} identifiers in use: listing them is not supported yet");
            }
            if (parsed.Words.Count == 0)
                o2.Append(header).Append("(none allocated)\n\n");
        }
        // no identifier exists, so none of those asked for is found
        foreach (string w in parsed.Words)
            o2.Append("invalid id or address: ").Append(w).Append("\n\n");
        context.Out.Write(o2.ToString());
    }

    /// <summary>The IPC namespace of <paramref name="task"/> (<c>task-&gt;nsproxy-&gt;ipc_ns</c>), of init_task when none is given, else <c>init_ipc_ns</c>.</summary>
    private static KObject Namespace(KernelProgram kernel, KObject? task)
    {
        try
        {
            KObject t = task ?? Helpers.Tasks.Tasks.InitTask(kernel);
            if (t.HasMember("nsproxy") && t.Member("nsproxy").ToUInt64() != 0)
                return t.Member("nsproxy").Deref().Member("ipc_ns").Deref();
        }
        catch (Exception e) when (e is Dumps.MemoryFaultException or KernelObjectException)
        {
            throw new CommandException("cannot determine ipc_namespace location!");
        }
        return kernel.FindVariable("init_ipc_ns") ?? throw new CommandException("init_ipc_ns: symbol not found");
    }

    /// <summary>crash's <c>stol</c> accepts decimal or hexadecimal (with or without 0x).</summary>
    private static bool IsNumber(string w)
    {
        string h = w.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? w[2..] : w;
        return h.Length is > 0 and <= 16 && h.All(char.IsAsciiHexDigit);
    }

    /// <summary>crash 8.0.2's <c>help ipcs</c> text.</summary>
    public const string HelpText =
        """
        NAME
          ipcs - System V IPC facilities

        SYNOPSIS
          ipcs [-smMq] [-n pid|task] [id | addr]

        DESCRIPTION
          This command provides information on the System V IPC facilities.  With no
          arguments, the command will display kernel usage of all three facilities.

               -s  show semaphore arrays.
               -m  show shared memory segments.
               -M  show shared memory segments with additional details.
               -q  show message queues.
               id  show the data associated with this resource ID.
             addr  show the data associated with this virtual address of a
                   shmid_kernel, sem_array or msq_queue.

          For kernels supporting namespaces, the -n option may be used to
          display the IPC facilities with respect to the namespace of a
          specified task:

          -n pid   a process PID.
          -n task  a hexadecimal task_struct pointer.

        EXAMPLES
          Display all IPC facilities:

            crash> ipcs
            SHMID_KERNEL     KEY      SHMID      UID   PERMS BYTES      NATTCH STATUS
            ffff880473a28310 00000000 0          0     666   90000      1       
            ffff880473a28490 00000001 32769      0     666   90000      1       
            ffff880473a28250 00000002 65538      0     666   90000      1       

            SEM_ARRAY        KEY      SEMID      UID   PERMS NSEMS     
            ffff88047200f9d0 00000000 0          0     600   1         
            ffff88046f826910 00000000 32769      0     600   1         

            MSG_QUEUE        KEY      MSQID      UID   PERMS USED-BYTES   MESSAGES
            ffff8100036bb8d0 000079d7 0          3369  666   16640        104
            ffff8100036bb3d0 000079d8 32769      3369  666   12960        81
            ffff810026d751d0 000079d9 65538      3369  666   10880        68

          Display shared memory usage with detailed information:

            crash> ipcs -M
            SHMID_KERNEL     KEY      SHMID      UID   PERMS BYTES      NATTCH STATUS
            ffff880473a28310 00000000 0          0     666   90000      1       
            PAGES ALLOCATED/RESIDENT/SWAPPED: 22/1/0
            INODE: ffff88047239cd98

            SHMID_KERNEL     KEY      SHMID      UID   PERMS BYTES      NATTCH STATUS
            ffff880473a28490 00000001 32769      0     666   90000      1       
            PAGES ALLOCATED/RESIDENT/SWAPPED: 22/1/0
            INODE: ffff88047239c118

            SHMID_KERNEL     KEY      SHMID      UID   PERMS BYTES      NATTCH STATUS
            ffff880473a28250 00000002 65538      0     666   90000      1       
            PAGES ALLOCATED/RESIDENT/SWAPPED: 22/1/0
            INODE: ffff880470503758

          Display the shared memory data associated with shmid_kernel ffff880473a28250:

            crash> ipcs -M ffff880473a28250
            SHMID_KERNEL     KEY      SHMID      UID   PERMS BYTES      NATTCH STATUS
            ffff880473a28250 00000002 65538      0     666   90000      1       
            PAGES ALLOCATED/RESIDENT/SWAPPED: 22/1/0
            INODE: ffff880470503758
        """;
}
