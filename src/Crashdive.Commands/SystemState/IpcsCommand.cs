using System.Globalization;
using System.Text;
using Crashdive.Commands.Arguments;
using Crashdive.Helpers.Ipc;
using Crashdive.Helpers.Trees;
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
    public CommandSpec Spec { get; } = new()
    {
        Name = "ipcs",
        Summary = "System V IPC facilities",
        Synopsis = Synopsis,
        Description = """
            Lists the System V IPC objects of an IPC namespace, by default the initial one (init_ipc_ns): shared
            memory segments, then semaphore sets, then message queues, each under its own header with the
            kernel object's address, the key, the id, the owner's uid and the permissions, followed by what is
            particular to the kind (segment size, attach count and status; number of semaphores; bytes and
            messages queued). Without -s, -m or -q, all three kinds are listed.

            Given ids or addresses, only the objects with that id or at that address are shown; a value that
            matches nothing is reported as an invalid id.
            """,
        Options =
        [
            new("-m", null, "shared memory segments only"),
            new("-M", null, "shared memory segments, each followed by its page counts: allocated, resident and swapped"),
            new("-s", null, "semaphore sets only"),
            new("-q", null, "message queues only"),
            new("-n", "pid|task", "the IPC namespace of that task instead of the initial one"),
        ],
        Arguments =
        [
            new("id | addr", "an IPC id (decimal, or hexadecimal with 0x) or a kernel object's address"),
        ],
        Examples =
        [
            new("ipcs -m", "the shared memory segments"),
            new("ipcs -M 0", "segment 0 in detail"),
        ],
    };

    private const string ShmHeader = "SHMID_KERNEL     KEY      SHMID      UID   PERMS BYTES      NATTCH STATUS\n";
    private const string SemHeader = "SEM_ARRAY        KEY      SEMID      UID   PERMS NSEMS     \n";
    private const string MsgHeader = "MSG_QUEUE        KEY      MSQID      UID   PERMS USED-BYTES   MESSAGES    \n";

    // kern_ipc_perm.mode bits of a segment (include/linux/shm.h)
    private const uint ShmDest = 0x200, ShmLocked = 0x400;

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = new Getopt(Spec.Getopt).Parse(args);
        if (parsed.Errors.Count > 0)
            throw new CommandException(string.Join("\nipcs: ", parsed.Errors) + "\n" + CrashText.Usage(Name, Synopsis));
        bool shm = false, sem = false, msg = false, verbose = false;
        var kernel = context.Kernel;
        KObject? task = null;
        foreach (var o in parsed.Options)
        {
            switch (o.Letter)
            {
                case 's': sem = true; break;
                case 'm': shm = true; break;
                case 'M': shm = true; verbose = true; break;
                case 'q': msg = true; break;
                case 'n':
                    if (Tasks.TaskDisplay.Resolve(kernel, o.Value!) is not { } found)
                        throw new CommandException($"invalid task or pid value: {o.Value}");
                    task = Helpers.Tasks.Tasks.At(kernel, found[0].Task);
                    break;
            }
        }
        var values = new List<ulong>();
        foreach (string w in parsed.Words)
        {
            if (ParseNumber(w) is not ulong v)
                throw new CommandException($"not a valid number: {w}");
            values.Add(v);
        }
        if (!shm && !sem && !msg)
            shm = sem = msg = true;
        KObject ns = Namespace(kernel, task);
        try
        {
            if (values.Count == 0)
            {
                var o = new StringBuilder();
                if (shm) Facility(kernel, ns, IpcFacility.Shm, null, verbose, o);
                if (sem) Facility(kernel, ns, IpcFacility.Sem, null, false, o);
                if (msg) Facility(kernel, ns, IpcFacility.Msg, null, false, o);
                context.Out.Write(o.ToString());
                return;
            }
            // crash prints "invalid id" lines as it goes and the objects found after all of them
            var foundText = new StringBuilder();
            for (int i = 0; i < values.Count; i++)
            {
                bool found = false;
                if (shm) found |= Facility(kernel, ns, IpcFacility.Shm, values[i], verbose, foundText);
                if (sem) found |= Facility(kernel, ns, IpcFacility.Sem, values[i], false, foundText);
                if (msg) found |= Facility(kernel, ns, IpcFacility.Msg, values[i], false, foundText);
                if (!found)
                    context.Out.Write($"invalid id or address: {parsed.Words[i]}\n\n");
            }
            context.Out.Write(foundText.ToString());
        }
        catch (Exception e) when (e is Dumps.MemoryFaultException or KernelObjectException or TreeWalkException)
        {
            throw new CommandException($"ipcs: {e.Message}");
        }
    }

    /// <summary>
    /// One facility as crash's <c>dump_shared_memory</c> / <c>dump_semaphore_arrays</c> / <c>dump_message_queues</c>
    /// print it: every live object, or with <paramref name="value"/> the one whose id or address it is.
    /// True when something was listed (always for a full listing of a facility with objects in use).
    /// </summary>
    private static bool Facility(KernelProgram kernel, KObject ns, IpcFacility f, ulong? value, bool verbose, StringBuilder o)
    {
        string header = f == IpcFacility.Shm ? ShmHeader : f == IpcFacility.Sem ? SemHeader : MsgHeader;
        bool nothing = value is null;
        if (nothing && !verbose)
            o.Append(header);
        var ids = SysvIpc.Ids(ns, f);
        if (SysvIpc.InUse(ids) == 0)
        {
            if (nothing)
                o.Append(verbose ? header : "").Append("(none allocated)\n\n");
            return false;
        }
        bool found = false;
        foreach (var obj in SysvIpc.Objects(kernel, ids, f))
        {
            if (obj.Deleted)
                continue;
            if (!nothing && (ulong)(long)obj.Id != value && obj.Address != value)
                continue;
            found = true;
            bool framed = f == IpcFacility.Shm ? verbose || !nothing : !nothing;
            if (framed)
                o.Append(header);
            Row(kernel, f, obj, verbose, o);
            if (framed)
                o.Append('\n');
            if (!nothing)
                break;
        }
        if (nothing && !verbose)
            o.Append('\n');
        return found || nothing;
    }

    private static void Row(KernelProgram kernel, IpcFacility f, IpcObject obj, bool verbose, StringBuilder o)
    {
        var inv = CultureInfo.InvariantCulture;
        o.Append(inv, $"{obj.Address,-16:x} {(uint)obj.Key:x8} {obj.Id,-10} {(int)obj.Uid,-5} {Convert.ToString(obj.Mode & 0x1ff, 8),-5} ");
        if (f == IpcFacility.Shm)
        {
            string dest = (obj.Mode & ShmDest) != 0 ? "dest" : "", locked = (obj.Mode & ShmLocked) != 0 ? "locked" : "";
            o.Append(inv, $"{obj.Size,-10} {obj.Count,-6} {dest} {locked}\n");
            if (verbose)
            {
                var (inode, resident, swapped) = SysvIpc.ShmPages(kernel, obj.ShmFile);
                o.Append(inv, $"PAGES ALLOCATED/RESIDENT/SWAPPED: {(obj.Size + 4095) >> 12}/{resident}/{swapped}\n");
                o.Append(inv, $"INODE: {inode:x}\n");
            }
        }
        else if (f == IpcFacility.Sem)
            o.Append(inv, $"{obj.Size,-10}\n");
        else
            o.Append(inv, $"{obj.Size,-12} {obj.Count,-12}\n");
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

    /// <summary>crash's <c>stol</c>: decimal when every character is a decimal digit, else hexadecimal (with or without 0x).</summary>
    private static ulong? ParseNumber(string w)
    {
        if (w.Length is > 0 and <= 20 && w.All(char.IsAsciiDigit) && ulong.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out ulong d))
            return d;
        string h = w.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? w[2..] : w;
        return h.Length is > 0 and <= 16 && ulong.TryParse(h, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong x) ? x : null;
    }
}
