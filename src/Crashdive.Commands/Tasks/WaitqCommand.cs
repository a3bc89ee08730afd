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
    public string Summary => "list tasks queued on a wait queue";

    /// <inheritdoc/>
    public string Help => HelpText;

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

    /// <summary>crash 8.0.2's <c>help waitq</c> text.</summary>
    public const string HelpText =
        """
        NAME
          waitq - list tasks queued on a wait queue

        SYNOPSIS
          waitq [ symbol ] | [ struct.member struct_addr ] | [ address ]

        DESCRIPTION
          This command walks the wait queue list displaying the tasks which 
          are blocked on the specified wait queue.  The command differentiates
          between the old- and new-style wait queue structures used by the kernel.
          It can be invoked with the following argument types:
         
                             symbol  a global symbol of a wait queue.
          struct.member struct_addr  a structure name and wait queue member combination
                                     followed by the structure's hexadecimal address.
                            address  a hexadecimal wait queue pointer.

        EXAMPLES
          Find out if any tasks are blocked on the "buffer_wait" wait queue:

            crash> waitq buffer_wait
            wait queue "buffer_wait" (c02927f0) is empty
         
          See who is blocked on the "wait_chldexit" queue of task c5496000:

            crash> waitq task_struct.wait_chldexit c5496000
            PID: 30879  TASK: c5496000  CPU: 0   COMMAND: "bash"
         
          Display the task list waiting on a known task queue:

            crash> waitq c3534098
            PID: 13691  TASK: c3534000  CPU: 1   COMMAND: "bash"
        """;
}
