using System.Globalization;
using System.Text;
using Crashdive.Commands.Arguments;
using Crashdive.Helpers.Lists;
using Crashdive.Helpers.Sched;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Commands.Tasks;

/// <summary>
/// <c>waitq</c>: the tasks queued on a wait queue head given by symbol, by <c>struct.member address</c> or by
/// address, one task header each, as crash 8.0.2's <c>cmd_waitq</c>/<c>dump_waitq</c> print them: the walk stops at
/// the first entry whose <c>private</c> is neither a task nor a pointer into a task's stack.
/// </summary>
public sealed class WaitqCommand : ICommand
{
    /// <summary>crash's synopsis.</summary>
    public const string Synopsis = " [ symbol ] | [ struct.member struct_addr ] | [ address ]";

    /// <inheritdoc/>
    public string Name => "waitq";

    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "waitq",
        Summary = "list tasks queued on a wait queue",
        Synopsis = Synopsis,
        Description = """
            Walks a wait queue head's list of entries and prints a header line (pid, task address, CPU and name)
            for each task waiting on it. The head is given by the symbol of a global wait_queue_head_t, by a
            struct.member naming where a wait queue head is inside a structure together with that structure's
            address, or by its own address. The walk stops at the first entry whose private pointer is neither
            a task nor a pointer into a task's stack, as crash does; a head whose list pointer is NULL (a pointer
            member read as a queue) is an empty queue.
            """,
        Arguments =
        [
            new("symbol", "a global wait queue head"),
            new("struct.member struct_addr", "a wait queue head embedded in a structure at struct_addr"),
            new("address", "the address of a wait queue head, hexadecimal"),
        ],
        Examples =
        [
            new("waitq log_wait", "who is waiting for kernel messages"),
        ],
    };

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        if (args.Count is < 1 or > 2)
        {
            context.Out.Write(CrashText.Usage(Name, Synopsis) + "\n");
            return;
        }
        var kernel = context.Kernel;
        string arg = args[0];
        string? name = null;
        ulong q;
        if (TaskDisplay.IsNumber(arg))
        {
            q = Hex(arg);
        }
        else if (!arg.Contains('.', StringComparison.Ordinal))
        {
            name = arg;
            q = kernel.SymbolAddress(arg) ?? throw new CommandException($"cannot resolve \"{arg}\"");
        }
        else
        {
            int dot = arg.IndexOf('.', StringComparison.Ordinal);
            string structName = arg[..dot], member = arg[(dot + 1)..];
            if (args.Count != 2)
            {
                context.Out.Write($"must supply an address for {structName}\n");
                return;
            }
            q = Hex(args[1]);
            if (MemberOffset(kernel, structName, member) is not ulong offset)
            {
                context.Out.Write($"{member} is not a member of {structName}\n");
                return;
            }
            q += offset;
        }
        if (q == 0 || !kernel.Regions.IsKernelVirtual(q))
            return;
        // crash reads the whole list first (do_list), then prints a header per entry until one is not a task's
        var waiters = new List<WaitQueues.Waiter>();
        try
        {
            foreach (var w in WaitQueues.Entries(kernel, q))
                waiters.Add(w);
        }
        catch (ListWalkException e) when (e.Node == 0 && waiters.Count == 0)
        {
            // a head whose next is NULL (a pointer member read as a queue, as task_struct.vfork_done usually is):
            // crash's walk ends at once and calls the queue empty
        }
        catch (ListWalkException e) when (e.Reason.StartsWith("cannot read", StringComparison.Ordinal))
        {
            throw new CommandException($"invalid kernel virtual address: {e.Node:x}  type: \"list entry\"");
        }
        catch (Dumps.MemoryFaultException e)
        {
            throw new CommandException($"invalid kernel virtual address: {e.Address:x}  type: \"wait_queue_t.task\"");
        }
        catch (Exception e) when (e is ListWalkException or KernelObjectException)
        {
            throw new CommandException(e.Message);
        }
        var o = new StringBuilder();
        if (waiters.Count == 0)
            o.Append(name != null ? $"wait queue \"{name}\" ({q:x}) is empty\n" : $"wait queue {q:x} is empty\n");
        foreach (var w in waiters)
        {
            if (WaitQueues.TaskOf(kernel, w.Private) is not { } task)
                break;
            o.Append(TaskDisplay.Header(task));
        }
        context.Out.Write(o.ToString());
    }

    private static ulong Hex(string word)
    {
        string w = word.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? word[2..] : word;
        return w.Length is > 0 and <= 16 && ulong.TryParse(w, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong v)
            ? v : throw new CommandException($"invalid hexadecimal value: {word}");
    }

    // crash's MEMBER_OFFSET(struct, member): the member's offset, or null (also when there is no such struct)
    private static ulong? MemberOffset(KernelProgram kernel, string structName, string member) =>
        kernel.FindType("struct " + structName)?.Underlying() is StructType s && s.FindMemberPath(member) is MemberLookup m ? m.Offset : null;
}
