using Crashdive.Commands.Arguments;
using Crashdive.Helpers.Lists;
using Crashdive.Kernel;

namespace Crashdive.Commands.Lists;

/// <summary><c>list</c>: the entries of a linked list, as crash's <c>do_list</c> walks it.</summary>
public sealed class ListCommand(IStructEntryPrinter? printer = null) : ICommand
{
    /// <summary>crash's synopsis (two lines).</summary>
    public const string Synopsis = "[[-o] offset][-e end][-[s|S] struct[.member[,member] [-l offset]] -[x|d]]\n       [-r|-B] [-h [-O head_offset]|-H] start";

    private readonly IStructEntryPrinter _printer = printer ?? new UnavailableStructPrinter();

    /// <inheritdoc/>
    public string Name => "list";

    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "list",
        Summary = "linked list",
        Synopsis = Synopsis,
        Description = """
            Follows a linked list through memory and prints the address of each structure on it, one a line, or
            with -s/-S each structure's contents below its address. The next pointer sits at an offset in each
            structure, given as a number of bytes or as struct.member.

            Starting from a structure, the walk ends at a NULL pointer, on coming back to the first or second
            entry, or at an entry that points to itself. Starting from a list head (-h or -H), it ends on coming
            back to the head. Every walk is bounded; an entry met a second time stops it with "list: duplicate
            list entry: ADDRESS".
            """,
        Options =
        [
            new("-o", "offset", "where the next pointer is in each structure (the -o may be left out)"),
            new("-e", "end", "stop on reaching this hexadecimal address"),
            new("-s", "struct[.member[,member]]", "print each entry as this structure, or only the members named; may be given more than once"),
            new("-S", "struct[.member[,member]]", "as -s, reading members of up to 8 bytes and strings straight from memory"),
            new("-l", "offset", "with -s or -S: start points at the list_head inside the structure, offset (number or struct.member) says where"),
            new("-O", "head_offset", "with -h: where the list_head is in the head's own structure, when it differs from the entries'"),
            new("-x", null, "members in hexadecimal"),
            new("-d", null, "members in decimal"),
            new("-r", null, "in a list_head list, walk backwards through prev"),
            new("-B", null, "accepted: loops are detected in every walk anyway"),
            new("-h", null, "start is a structure that embeds the list head; the walk ends back at it"),
            new("-H", null, "start is a list_head on its own (LIST_HEAD()); it is not printed"),
        ],
        Arguments =
        [
            new("start", "the first structure or the head: a symbol, a hexadecimal address or an expression"),
        ],
        Examples =
        [
            new("list -o task_struct.tasks -h init_task", "every task on the task list"),
            new("list module.list -H modules -s module.name", "the loaded modules with their names"),
        ],
    };

    private sealed class UsageOnly : Exception;

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        try
        {
            Run(context, args);
        }
        catch (UsageOnly)
        {
            context.Out.Write(CrashText.Usage(Name, Synopsis) + "\n");
        }
    }

    private CommandException ErrorWithUsage(string message) => new($"{message}\n{CrashText.Usage(Name, Synopsis)}");

    private void Run(CommandContext context, IReadOnlyList<string> args)
    {
        KernelProgram kernel = context.Kernel;
        var parsed = new Getopt(Spec.Getopt).Parse(args);
        if (parsed.Errors.Count > 0)
            throw ErrorWithUsage(string.Join("\nlist: ", parsed.Errors));
        bool headFormat = false, headPointer = false, reverse = false, offsetEntered = false, startEntered = false, headOffsetEntered = false;
        bool? readDirectly = null;
        int radix = 0;
        long memberOffset = 0, headMemberOffset = 0, structListOffset = 0;
        ulong start = 0, end = 0;
        var specs = new List<EntrySpec>();
        foreach (var (letter, value) in parsed.Options)
        {
            switch (letter)
            {
                case 'B': break; // crash's Brent loop detection: duplicates are found with a set here either way
                case 'H': headFormat = headPointer = true; break;
                case 'h': headFormat = true; break;
                case 'r': reverse = true; break;
                case 's' or 'S':
                    if (readDirectly != null && readDirectly != (letter == 'S'))
                        throw new CommandException("-S and -s options are mutually exclusive");
                    readDirectly = letter == 'S';
                    specs.Add(EntrySpec.Parse(value!));
                    break;
                case 'l':
                    structListOffset = OffsetArgument(kernel, value!) ?? throw new CommandException($"invalid -l option: {value}");
                    break;
                case 'O':
                    if (headOffsetEntered)
                        throw new CommandException($"offset value {headMemberOffset} (0x{headMemberOffset:x}) already entered");
                    headMemberOffset = OffsetArgument(kernel, value!) ?? throw new CommandException($"invalid -O argument: {value}");
                    headOffsetEntered = true;
                    break;
                case 'o':
                    if (offsetEntered)
                        throw new CommandException($"offset value {memberOffset} (0x{memberOffset:x}) already entered");
                    memberOffset = OffsetArgument(kernel, value!) ?? throw new CommandException($"invalid -o argument: {value}");
                    offsetEntered = true;
                    break;
                case 'e':
                    if (!AddressExpression.IsHexadecimal(value!))
                        throw new CommandException($"invalid input: \"{value}\"");
                    end = AddressExpression.ParseHex(value!);
                    break;
                case 'x' or 'd':
                    int want = letter == 'x' ? 16 : 10;
                    if (radix != 0 && radix != want)
                        throw new CommandException("-d and -x are mutually exclusive");
                    radix = want;
                    break;
            }
        }
        var words = parsed.Words;
        if (words.Count > 2)
            throw ErrorWithUsage("too many arguments");
        if (specs.Count == 0 && structListOffset != 0)
            throw ErrorWithUsage("-l option can only be used with -s or -S option");

        for (int i = 0; i < words.Count; i++)
        {
            string w = words[i];
            if (w.Contains('.') && EntrySpec.MemberOffset(kernel, w) is ulong mo)
            {
                if (offsetEntered)
                    throw new CommandException($"offset value {memberOffset} (0x{memberOffset:x}) already entered");
                memberOffset = (long)mo;
                offsetEntered = true;
                continue;
            }
            if (kernel.SymbolAddress(w) is ulong symbol)
            {
                if (startEntered)
                    throw new CommandException("list start already entered");
                start = symbol;
                startEntered = true;
                continue;
            }
            bool isNumber = AddressExpression.IsHexadecimal(w) || AddressExpression.IsDecimal(w);
            if (!isNumber)
            {
                if (AddressExpression.TryEvaluate(w, kernel.SymbolAddress, out ulong v) && IsKernelAddress(kernel, v))
                {
                    if (startEntered)
                        throw new CommandException("list start already entered");
                    start = v;
                    startEntered = true;
                    continue;
                }
                throw new CommandException($"invalid argument: {w}");
            }
            if (startEntered)
            {
                memberOffset = (long)AddressExpression.ParseNumber(w);
                offsetEntered = true;
                break;
            }
            if (offsetEntered || i + 1 >= words.Count)
            {
                ulong v = AddressExpression.ParseHex(w);
                if (!IsKernelAddress(kernel, v))
                    throw new CommandException($"invalid kernel virtual address: {w}");
                start = v;
                startEntered = true;
                break;
            }
            string following = words[i + 1];
            if (kernel.SymbolAddress(following) is not null)
            {
                memberOffset = (long)AddressExpression.ParseNumber(w);
                offsetEntered = true;
                continue;
            }
            if (!AddressExpression.IsHexadecimal(following) && !AddressExpression.IsDecimal(following)
                && !AddressExpression.TryEvaluate(following, kernel.SymbolAddress, out _) && !following.Contains('.'))
                throw new CommandException($"symbol not found: {following}");
            if (AddressExpression.IsHexadecimal(w) && AddressExpression.ParseHex(w) is ulong hv && IsKernelAddress(kernel, hv))
            {
                start = hv;
                startEntered = true;
                continue;
            }
            memberOffset = (long)AddressExpression.ParseNumber(w);
            offsetEntered = true;
        }
        if (!startEntered)
            throw ErrorWithUsage("starting address required");
        if (offsetEntered && structListOffset != 0)
            throw ErrorWithUsage("-l and -o are mutually exclusive");

        long listHeadOffset = 0;
        if (headFormat)
        {
            listHeadOffset = memberOffset;
            memberOffset = reverse ? 8 : 0;
            if (headPointer || headOffsetEntered)
            {
                // -H: the head itself ends the list, its next (or prev with -r) starts it;
                // -O: the head's list_head sits at its own offset in the head's structure
                if (end == 0)
                    end = headPointer ? start : start + (ulong)headMemberOffset;
                start = ReadPointer(kernel, start + (ulong)(headPointer ? memberOffset : headMemberOffset), "LIST_HEAD contents");
                if (start == end)
                {
                    context.Out.Write("(empty)\n");
                    return;
                }
            }
            else
            {
                start += (ulong)listHeadOffset;
            }
        }
        Walk(context, start, (ulong)memberOffset, end, headFormat, (ulong)listHeadOffset, (ulong)structListOffset, specs, readDirectly == true, radix);
    }

    private void Walk(CommandContext context, ulong start, ulong nextOffset, ulong end, bool headFormat, ulong listHeadOffset,
        ulong structListOffset, List<EntrySpec> specs, bool readDirectly, int radix)
    {
        var output = context.Out;
        KernelProgram kernel = context.Kernel;
        // crash reads the first link before printing anything
        ReadPointer(kernel, start + nextOffset, "first list entry");
        try
        {
            foreach (ulong node in KernelList.Chain(kernel, start, nextOffset, end, nullIsError: headFormat))
            {
                context.Cancellation.ThrowIfCancellationRequested();
                output.Write($"{node - listHeadOffset:x}\n");
                foreach (EntrySpec spec in specs)
                    spec.Print(context, _printer, node - listHeadOffset - structListOffset, radix, readDirectly);
            }
        }
        catch (ListWalkException e) when (e.Reason == "duplicate list entry")
        {
            output.Write("\n");
            throw new CommandException($"duplicate list entry: {e.Node:x}");
        }
        catch (ListWalkException e) when (e.Reason == "invalid list entry")
        {
            output.Write("\nlist: invalid list entry: 0\n");
        }
        catch (ListWalkException e) when (e.Reason.StartsWith("cannot read", StringComparison.Ordinal))
        {
            ReadPointer(kernel, e.Node + nextOffset, "list entry");
            throw new CommandException(e.Message);
        }
        catch (ListWalkException e)
        {
            throw new CommandException(e.Message);
        }
    }

    // crash's FAULT_ON_ERROR readmem: the fault in its words, naming what was read.
    private static ulong ReadPointer(KernelProgram kernel, ulong address, string what)
    {
        Span<byte> b = stackalloc byte[8];
        if (kernel.ReadMemory(address, MemoryType.KernelVirtual, b, out ReadFault fault) < 8)
            throw new CommandException(fault.Describe(what));
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(b);
    }

    private static bool IsKernelAddress(KernelProgram kernel, ulong v)
    {
        try
        {
            return kernel.Regions.IsKernelVirtual(v);
        }
        catch (KernelLayoutException)
        {
            return v >= 0xffff800000000000;
        }
    }

    /// <summary>An offset typed as a number (crash's <c>stol</c>) or as <c>struct.member</c>; null when neither.</summary>
    internal static long? OffsetArgument(KernelProgram kernel, string text)
    {
        if (AddressExpression.IsDecimal(text) || AddressExpression.IsHexadecimal(text))
            return (long)AddressExpression.ParseNumber(text);
        return EntrySpec.MemberOffset(kernel, text) is ulong o ? (long)o : null;
    }
}
