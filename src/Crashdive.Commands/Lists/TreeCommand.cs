using Crashdive.Commands.Arguments;
using Crashdive.Helpers.Trees;
using Crashdive.Kernel;

namespace Crashdive.Commands.Lists;

/// <summary><c>tree</c>: the entries of a red-black tree, radix tree, xarray or (beyond crash 8.0.2) maple tree.</summary>
public sealed class TreeCommand(IStructEntryPrinter? printer = null) : ICommand
{
    /// <summary>crash 8.0.2's synopsis (two lines), kept as crash prints it in usage messages; the help adds maple.</summary>
    public const string Synopsis = "[-t [radix|xarray|rbtree|maple]] [-r offset] [-[s|S] struct[.member[,member]]]\n       -[x|d] [-o offset] [-l] [-p] [-v] [-N] start";

    private readonly IStructEntryPrinter _printer = printer ?? new UnavailableStructPrinter();

    /// <inheritdoc/>
    public string Name => "tree";

    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "tree",
        Summary = "display radix tree, XArray, red-black tree or maple tree",
        Synopsis = Synopsis,
        Description = """
            Walks a tree from its root and prints the address of every entry, one a line, or with -s/-S each
            entry's contents below its address. Radix trees have been XArrays since Linux 4.20 and are walked as
            XArrays. Every walk is bounded; a node met a second time stops it with "tree: duplicate tree entry:
            ADDRESS".
            """,
        Options =
        [
            new("-t", "type", "the kind of tree: rbtree (rb, the default), xarray (x), radix (ra) or maple (m; crash 8.0.2 has no maple)"),
            new("-r", "offset", "start is a structure that holds the root at offset (a number or struct.member)"),
            new("-o", "offset", "red-black trees: where the rb_node is in each entry"),
            new("-s", "struct[.member[,member]]", "print each entry as this structure, or only the members named"),
            new("-S", "struct[.member[,member]]", "as -s, reading members of up to 8 bytes straight from memory"),
            new("-l", null, "red-black trees: in sorted order, leftmost entry first"),
            new("-p", null, "show where each entry sits: root/l/r for red-black trees, the index and slot path for the others"),
            new("-N", null, "start is a node (rb_node, xa_node, or a tagged maple node), not a root"),
            new("-x", null, "members in hexadecimal"),
            new("-d", null, "members in decimal"),
        ],
        Arguments = [new("start", "the root (or, with -N, a node): a symbol or an address")],
        Examples =
        [
            new("tree -l -o vmap_area.rb_node -s vmap_area.va_start vmap_area_root", "every vmap_area in address order, with its start"),
            new("tree -t maple -r mm_struct.mm_mt ADDRESS", "the VMAs of an mm_struct on 6.1 and later"),
        ],
    };

    private enum Kind { RbTree, XArray, Maple }

    private CommandException ErrorWithUsage(string message) => new($"{message}\n{CrashText.Usage(Name, Synopsis)}");

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        KernelProgram kernel = context.Kernel;
        var parsed = new Getopt(Spec.Getopt).Parse(args);
        if (parsed.Errors.Count > 0)
            throw ErrorWithUsage(string.Join("\ntree: ", parsed.Errors));
        Kind? kind = null;
        bool linear = false, position = false, nodePointer = false, rootOffsetEntered = false, nodeOffsetEntered = false;
        bool? readDirectly = null;
        long rootOffset = 0, nodeOffset = 0;
        int radix = 0;
        string typeWord = "";
        var specs = new List<EntrySpec>();
        foreach (var (letter, value) in parsed.Options)
        {
            switch (letter)
            {
                case 't':
                    if (kind != null)
                        throw ErrorWithUsage("multiple tree types may not be entered");
                    typeWord = value!;
                    // "ra" and "x" are xarrays since 4.20, where radix_tree_root is an xarray
                    kind = value!.StartsWith("ra", StringComparison.Ordinal) || value.StartsWith('x') ? Kind.XArray
                        : value.StartsWith("rb", StringComparison.Ordinal) ? Kind.RbTree
                        : value.StartsWith('m') ? Kind.Maple
                        : throw ErrorWithUsage($"invalid tree type: {value}");
                    break;
                case 'l': linear = true; break;
                case 'p': position = true; break;
                case 'N': nodePointer = true; break;
                case 'r':
                    if (rootOffsetEntered)
                        throw new CommandException($"root offset value {rootOffset} (0x{rootOffset:x}) already entered");
                    rootOffset = ListCommand.OffsetArgument(kernel, value!) ?? throw new CommandException($"invalid -r argument: {value}");
                    rootOffsetEntered = true;
                    break;
                case 'o':
                    if (nodeOffsetEntered)
                        throw new CommandException($"node offset value {nodeOffset} (0x{nodeOffset:x}) already entered");
                    nodeOffset = ListCommand.OffsetArgument(kernel, value!) ?? throw new CommandException($"invalid -o argument: {value}");
                    nodeOffsetEntered = true;
                    break;
                case 's' or 'S':
                    if (readDirectly != null && readDirectly != (letter == 'S'))
                        throw new CommandException("-S and -s options are mutually exclusive");
                    readDirectly = letter == 'S';
                    specs.Add(EntrySpec.Parse(value!));
                    break;
                case 'x' or 'd':
                    int want = letter == 'x' ? 16 : 10;
                    if (radix != 0 && radix != want)
                        throw new CommandException("-d and -x are mutually exclusive");
                    radix = want;
                    break;
            }
        }
        Kind k = kind ?? Kind.RbTree;
        string what = typeWord.StartsWith("ra", StringComparison.Ordinal) ? "radix trees" : k == Kind.Maple ? "maple trees" : "Xarrays";
        if (k != Kind.RbTree && linear)
            throw new CommandException($"-l option is not applicable to {what}");
        if (k != Kind.RbTree && nodeOffsetEntered)
            throw new CommandException($"-o option is not applicable to {what}");
        if (rootOffsetEntered && nodePointer)
            throw new CommandException("-r and -N options are mutually exclusive");
        var words = parsed.Words;
        if (words.Count == 0)
            throw ErrorWithUsage("a starting address is required");
        ulong start = StartAddress(kernel, words[0]);
        if (words.Count > 1)
            throw ErrorWithUsage("too many arguments entered");
        if (!nodePointer)
            start += (ulong)rootOffset;

        var output = context.Out;
        try
        {
            IEnumerable<TreeEntry> entries = k switch
            {
                Kind.RbTree => RbTree.Walk(kernel, nodePointer ? start : ReadPointer(kernel, start, "rb_root rb_node"), linear,
                    (node, child, which) => output.Write($"tree: rb_node: {node:x}: corrupted {which} pointer: {child:x}\n")),
                Kind.XArray => XArray.Walk(kernel, nodePointer ? start : ReadPointer(kernel, start + XArrayHeadOffset(kernel), "xarray xa_head"), nodePointer),
                _ => MapleTree.Walk(kernel, nodePointer ? start : ReadPointer(kernel, start + MapleRootOffset(kernel), "maple_tree ma_root")),
            };
            foreach (TreeEntry e in entries)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                ulong entry = k == Kind.RbTree ? e.Value - (ulong)nodeOffset : e.Value;
                output.Write($"{entry:x}\n");
                if (position)
                    output.Write(k == Kind.RbTree ? $"  position: {e.Position}\n" : $"  index: {e.Index}  position: {e.Position}/{e.Slot}\n");
                foreach (EntrySpec spec in specs)
                    spec.Print(context, _printer, entry, radix, readDirectly == true);
            }
        }
        catch (TreeWalkException e)
        {
            output.Write("\n");
            throw new CommandException($"{e.Reason}: {e.Node:x}");
        }
        catch (Dumps.MemoryFaultException e)
        {
            throw new CommandException(e.Message);
        }
    }

    private static ulong XArrayHeadOffset(KernelProgram kernel) =>
        kernel.FindType("struct xarray")?.Underlying() is Crashdive.Symbols.Types.StructType s && s.FindMember("xa_head") is { } m
            ? m.Offset : throw new CommandException("xarray facility does not exist or has changed its format");

    private static ulong MapleRootOffset(KernelProgram kernel) =>
        kernel.FindType("struct maple_tree")?.Underlying() is Crashdive.Symbols.Types.StructType s && s.FindMember("ma_root") is { } m
            ? m.Offset : throw new CommandException("maple trees do not exist in this kernel");

    // crash: a symbol, an expression, or a hexadecimal kernel address
    private static ulong StartAddress(KernelProgram kernel, string word)
    {
        if (kernel.SymbolAddress(word) is ulong s)
            return s;
        bool number = AddressExpression.IsHexadecimal(word) || AddressExpression.IsDecimal(word);
        if (!number && AddressExpression.TryEvaluate(word, kernel.SymbolAddress, out ulong v) && IsKernel(kernel, v))
            return v;
        if (number && AddressExpression.IsHexadecimal(word) && AddressExpression.ParseHex(word) is ulong h && IsKernel(kernel, h))
            return h;
        throw new CommandException($"invalid start argument: {word}");
    }

    private static bool IsKernel(KernelProgram kernel, ulong v)
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

    private static ulong ReadPointer(KernelProgram kernel, ulong address, string what)
    {
        Span<byte> b = stackalloc byte[8];
        if (kernel.ReadMemory(address, MemoryType.KernelVirtual, b, out ReadFault fault) < 8)
            throw new CommandException(fault.Describe(what));
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(b);
    }
}
