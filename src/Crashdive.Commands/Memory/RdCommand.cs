using Crashdive.Commands.Arguments;
using Crashdive.Commands.Symbols;
using Crashdive.Kernel;

namespace Crashdive.Commands.Memory;

/// <summary><c>rd</c>: memory as values, text or raw bytes, in crash's layout.</summary>
public sealed class RdCommand : ICommand
{
    /// <summary>crash's synopsis (also printed in usage messages).</summary>
    public const string Synopsis = "[-adDsSupxmfNR][-8|-16|-32|-64][-o offs][-e addr][-r file][address|symbol]\n     [count]";

    /// <inheritdoc/>
    public string Name => "rd";

    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "rd",
        Summary = "read memory",
        Synopsis = Synopsis,
        Description = """
            Prints the contents of memory from a starting address. The address may be a hexadecimal number, a
            kernel symbol, symbol+offset or symbol-offset, or a parenthesised expression such as
            (jiffies+0x10). Without options each item is a 64-bit value in hexadecimal, and each line ends with
            the same bytes shown as characters. The count is a number of items of the chosen size (of bytes for
            -a and -r); without one, a single item is shown.

            Addresses below the kernel's half of the address space are read through the current task's page
            tables. When the dump does not hold the memory, the display stops with the reason: the address has
            no translation ("invalid kernel virtual address"), the page is missing from the file ("read error"),
            or makedumpfile filtered it out ("page excluded").
            """,
        Options =
        [
            new("-8", null, "one byte per item"),
            new("-16", null, "16-bit items"),
            new("-32", null, "32-bit items"),
            new("-64", null, "64-bit items (the default)"),
            new("-a", null, "text: without a count, the bytes up to the first one that is not printable; with a count, that many bytes, a line per printable run"),
            new("-p", null, "the address is physical"),
            new("-u", null, "the address is a user address, read through the current task's page tables"),
            new("-f", null, "the address is an offset in the dump file itself"),
            new("-d", null, "items as signed decimal numbers"),
            new("-D", null, "items as unsigned decimal numbers"),
            new("-x", null, "leave out the character column"),
            new("-s", null, "64-bit items that point into the kernel are printed as symbol+offset"),
            new("-S", null, "as -s, and would add slab cache names: crashdive refuses it for now (use -s)"),
            new("-N", null, "16- and 32-bit items are read in network (big-endian) byte order"),
            new("-R", null, "the items shown end at the address rather than start there"),
            new("-m", null, "Xen machine addresses: refused, crashdive reads x86-64 dumps without Xen"),
            new("-o", "offs", "adds offs to the address before reading"),
            new("-e", "addr", "reads up to addr (not included) instead of a count"),
            new("-r", "file", "copies count bytes (or up to -e) to file unchanged"),
        ],
        Arguments =
        [
            new("address|symbol", "where to start"),
            new("count", "how many items; decimal unless it has hexadecimal letters or 0x"),
        ],
        Examples =
        [
            new("rd -a linux_banner", "the kernel's version string"),
            new("rd -s init_task 16", "sixteen words of init_task, pointers named"),
            new("rd -8 -p 1000 32", "32 bytes of physical memory at 0x1000"),
        ],
        ExtraGetopt = "1:3:6:",
    };

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = new Getopt(Spec.Getopt).Parse(args);
        var request = new RdRequest();
        var errors = new List<string>(parsed.Errors);
        ulong end = 0, offset = 0;
        bool reverse = false, showOffset = false;
        int slabLevel = 0;
        foreach (var (letter, value) in parsed.Options)
        {
            switch (letter)
            {
                case 'R': reverse = true; break;
                case 'a': request.Display = RdDisplay.Ascii; break;
                case '8': request.Display = RdDisplay.Bits8; break;
                case '1' or '3' or '6':
                    string want = letter switch { '1' => "6", '3' => "2", _ => "4" };
                    if (value != want)
                        errors.Add($"invalid option: {letter}{value}");
                    else
                        request.Display = letter switch { '1' => RdDisplay.Bits16, '3' => RdDisplay.Bits32, _ => RdDisplay.Bits64 };
                    break;
                case 'e': end = AddressExpression.ParseHex(value!); break;
                case 'r':
                    request.Display = RdDisplay.Raw;
                    request.OutputFile = value;
                    break;
                case 's' or 'S':
                    if (request.Display != RdDisplay.Bits64)
                    {
                        errors.Add($"-{letter} option is only allowed with 64-bit display");
                        break;
                    }
                    request.Format |= RdFormat.Symbolic;
                    if (letter == 'S')
                        slabLevel++;
                    break;
                case 'o':
                    offset = AddressExpression.ParseNumber(value!);
                    showOffset = true;
                    break;
                case 'p': request.Memory = MemoryType.Physical; break;
                case 'u': request.Memory = MemoryType.UserVirtual; break;
                case 'f': request.Memory = MemoryType.DumpFile; break;
                case 'd': request.Format = (request.Format & ~RdFormat.Hexadecimal) | RdFormat.Decimal; break;
                case 'D': request.Format = (request.Format & ~RdFormat.Hexadecimal) | RdFormat.UnsignedDecimal; break;
                case 'x': request.Format |= RdFormat.NoAscii; break;
                case 'N': request.Format |= RdFormat.NetEndian; break;
                case 'm': throw new CommandException("-m option only applies to xen architecture");
            }
        }
        if (errors.Count > 0)
            throw new CommandException(string.Join("\nrd: ", errors) + "\n" + CrashText.Usage(Name, Synopsis));
        if (parsed.Words.Count == 0)
        {
            context.Out.Write(CrashText.Usage(Name, Synopsis) + "\n");
            return;
        }
        if (slabLevel > 0)
            throw new CommandException("-S (slab cache names) needs the slab helpers, which need kernel types: not supported yet; -s shows symbols");

        var lookup = LazyLookup(context.Kernel);
        string word = parsed.Words[0];
        if (AddressExpression.ResolveAddress(word, lookup) is not ulong address)
        {
            SymbolDisplay.NotFound(context.Out, SymbolDisplay.Symbols(context.Kernel), word);
            return;
        }
        if (showOffset)
            address = unchecked(address + offset);
        request.Address = address;

        long count = -1;
        if (parsed.Words.Count > 1)
            count = unchecked((long)AddressExpression.ParseNumber(parsed.Words[1]));
        if (count == -1)
        {
            if (end != 0)
            {
                if (end <= address)
                    throw new CommandException($"invalid ending address: {end:x}");
                ulong bytes = end - address;
                count = (long)Math.Min(bytes / (ulong)request.ItemSize, long.MaxValue);
            }
            else
            {
                if (request.Display == RdDisplay.Raw)
                    throw new CommandException("-r option requires either a count argument or the -e option");
                count = request.Display == RdDisplay.Ascii ? RdRequest.AsciiUnlimited : 1;
            }
        }
        else if (end != 0)
        {
            context.Out.Write("WARNING: ending address ignored when count is specified\n");
        }
        request.Count = count;

        if ((request.Format & RdFormat.Hexadecimal) != 0 && (request.Format & (RdFormat.Symbolic | RdFormat.NoAscii)) == 0
            && request.Display != RdDisplay.Ascii)
            request.Format |= RdFormat.AsciiEndline;

        // crash reads addresses below the kernel's half as user addresses
        if (request.Memory == MemoryType.KernelVirtual && !context.Kernel.Regions.IsKernelVirtual(address))
            request.Memory = MemoryType.UserVirtual;
        // User addresses are read through the current task's page tables (the panic task until `set`).
        if (request.Memory == MemoryType.UserVirtual && context.Kernel.CurrentTask == null)
        {
            try
            {
                context.Kernel.CurrentTask = Tasks.TaskDisplay.CurrentTask(context.Kernel).Task;
            }
            catch (Exception e) when (e is KernelObjectException or CommandException or Dumps.MemoryFaultException)
            {
                // no debuginfo or no readable task: the read reports that there is no address space
            }
        }

        if (reverse)
        {
            if (request.Count == 0)
                request.Count = 1;
            long adjust = (request.Count - 1) * request.ItemSize;
            if (request.Count > 1)
                request.Address = unchecked(request.Address - (ulong)adjust);
        }

        if (request.Display == RdDisplay.Raw)
            MemoryDisplay.WriteRaw(context, request);
        else
            MemoryDisplay.Show(context, request, request.Format.HasFlag(RdFormat.Symbolic) ? SymbolDisplay.Symbols(context.Kernel) : null);
    }

    // Symbols are looked up only when a word is not a number, so that rd of a hexadecimal
    // address works even when kallsyms cannot be read.
    private static Func<string, ulong?> LazyLookup(KernelProgram kernel)
    {
        Func<string, ulong?>? lookup = null;
        return name => (lookup ??= SymbolDisplay.Lookup(kernel))(name);
    }
}
