using Crashdive.Commands;
using Crashdive.Kernel;

namespace Crashdive.Scripting;

/// <summary>
/// <c>lua FILE [args]</c> and <c>lua -e CHUNK [args]</c>: runs Lua in the session's one Lua state
/// (made on first use and kept, so globals survive from one call to the next).
/// </summary>
public sealed class LuaCommand(KernelProgram kernel, ICommandLineRunner runner) : ICommand, IDisposable
{
    private LuaHost? _host;

    /// <inheritdoc/>
    public string Name => "lua";

    /// <inheritdoc/>
    public CommandSpec Spec => Declaration;

    /// <summary>The declaration, static so that the man page and completion can list it without a session.</summary>
    public static CommandSpec Declaration { get; } = new()
    {
        Name = "lua",
        Summary = "run a Lua script",
        Synopsis = "file [arg ...]\n  lua -e chunk [arg ...]",
        Description = """
            Runs a Lua 5.4 script, or with -e the Lua source given on the line, in the
            session's Lua state: globals set by one script are there for the next. The
            arguments are in the table arg (arg[0] is the file) and in the chunk's "...".
            What the script prints goes where the command's output goes (| and > work).
            Ctrl-C stops a script.

            require "crash" gives crash-lua's module: crash.exec_command(line) runs a
            command line as typed at the prompt and returns the text it prints; a failing
            command is a Lua error carrying crash's message.

            The global kernel (also require "kernel") is the kernel as typed objects:

              kernel.var(name)                 a global variable
              kernel.object(type, addr)        the object of a type at an address
              kernel.type(name)                a type: .name .size .kind .members .target
                                               .length .enumerators :offsetof(member)
              kernel.cast(obj, type)           kernel.container_of(ptr, type, member)
              kernel.symbol(addr)              name and offset;  kernel.address(name)
              kernel.read_u8/u16/u32/u64(addr), kernel.read_s8/s16/s32(addr)
              kernel.read(addr, len)           bytes as a Lua string
              kernel.read_string(addr [, max]) a C string
              kernel.list_for_each_entry(head, type, member), kernel.list_for_each(head)
              kernel.hlist_for_each_entry(head, type, member)
              kernel.rbtree_for_each_entry(root, type, member)
              kernel.xa_for_each(xarray)       index and entry (void *)
              kernel.tasks(), kernel.task(pid), kernel.ps(), kernel.modules()
              kernel.nr_cpus(), kernel.percpu_offset(cpu)

            Packets (sk_buffs are objects or addresses):

              kernel.skb_queue(head)           each sk_buff of a struct sk_buff_head
              kernel.socket_skbs(sock)         queue name and sk_buff of every queue of
                                               a struct sock (receive, write, error,
                                               reader, TCP retransmit/out-of-order)
              kernel.nfqueue_entries()         each queued NFQUEUE packet: a table of
                                               queue, id, hook, pf, indev, outdev, skb
              kernel.packet(skb)               the packet as a table: layers (name,
                                               offset, depth and each header's fields),
                                               src, dst, sport, dport, transport,
                                               payload, bytes, link_type, truncated,
                                               notes, lines (as skb prints them)
              kernel.conntrack(skb)            its nf_conn as a table, or nil
              kernel.stack_skbs(pid or task)   stack words pointing into sk_buff
                                               caches (skb -t): slot, skb, frame,
                                               func, stack, valid, problem, where
              kernel.write_pcap(file, {skb...} [, force])
                                               writes them (pcapng when the name ends
                                               in .pcapng); returns the count and the
                                               notes (truncated packets, skipped ones)

            An object: obj.member, obj["member"], obj[i] (arrays and pointers), obj + n,
            #obj (array length), pairs(obj), tostring(obj), and the methods

              :value() (integer, number, boolean, string, or a table for structs
              and arrays), :address(), :address_of(), :deref(), :cast(type),
              :container_of(type, member), :percpu(cpu), :type(), :type_name(),
              :string([max]), :bytes(), :members(), :hasmember(name), :is_null(), :hex()

            When a struct has a member named like a method, obj.name is the member;
            the method is always there with a trailing underscore (obj:value_()).
            Addresses are Lua integers (64-bit, so kernel addresses are negative:
            print them with string.format("%x", a)); hexadecimal strings as crash
            prints them are taken too. Reading memory the dump lacks is a Lua error
            naming the address.
            """,
        Options =
        [
            new("-e", "chunk", "run the Lua source given on the line instead of a file"),
        ],
        Arguments =
        [
            new("file", "the script to run"),
            new("arg", "words passed to the script in arg[1..] and as \"...\""),
        ],
        Examples =
        [
            new("lua scripts/tasks.lua fx-", "run a sample script with one argument"),
            new("lua -e \"net = kernel.var('init_net')\"", "keep a value in a global for the next call"),
        ],
    };

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        if (args.Count == 0)
            throw new CommandUsageException("");
        _host ??= new LuaHost(kernel, runner);
        try
        {
            if (args[0] == "-e")
            {
                if (args.Count < 2)
                    throw new CommandUsageException("-e needs a chunk of Lua");
                _host.RunChunk(args[1], args.Skip(2).ToList(), context.Out, context.Cancellation);
            }
            else
            {
                _host.RunFile(args[0], args.Skip(1).ToList(), context.Out, context.Cancellation);
            }
        }
        catch (ScriptException e)
        {
            throw new CommandException(e.Message);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _host?.Dispose();
}
