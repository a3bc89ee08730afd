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
    public string Summary => "read memory";

    /// <inheritdoc/>
    public string Help => $"""
        NAME
          rd - read memory

        SYNOPSIS
          rd {Synopsis}

        DESCRIPTION
          Shows memory starting at an address given as a hexadecimal number, a symbol,
          symbol+offset or symbol-offset, or a parenthesised expression such as
          (jiffies+0x10). Values are 64-bit hexadecimal by default, followed by the
          same bytes as ASCII. The count says how many items (bytes with -a or -r).

             -8  bytes.         -16  16-bit values.     -32  32-bit values.
            -64  64-bit values (the default).
             -a  printable text: without a count, up to the first byte that is not
                 printable; with a count, that many bytes, one line per printable run.
             -p  the address is physical.
             -u  the address is a user virtual address (not supported yet: user
                 address spaces need task page tables).
             -f  the address is an offset into the dump file.
             -d  signed decimal values.       -D  unsigned decimal values.
             -x  no ASCII column.
             -s  64-bit values that are kernel addresses shown as symbol+offset.
          -S/-SS  as -s, plus slab cache names (needs slab support: not yet).
             -N  16- and 32-bit values in network byte order.
             -R  show the count items ending at the address instead of starting there.
        -o offs  add offs to the address.
        -e addr  stop before addr instead of giving a count.
        -r file  write count bytes (or up to -e) to file, raw.

          Memory the dump does not hold ends the display with crash's message:
          "invalid kernel virtual address" (no translation), "read error" (the page
          is not in the dump), "page excluded" (filtered out when the dump was made).

        EXAMPLES
          rd linux_banner 8
          rd -a linux_banner
          rd -8 -p 1000 32
          rd -s init_task 16
        """;

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = new Getopt("Raxme:r:pfudDusSNo:81:3:6:").Parse(args);
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
