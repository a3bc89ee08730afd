using Crashdive.Commands.Arguments;
using Crashdive.Commands.Memory;
using Crashdive.Commands.Printing;
using Crashdive.Helpers.Percpu;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Commands.Data;

/// <summary>
/// <c>struct</c>, <c>union</c> and <c>*</c>: a type's declaration (<c>-o</c> with offsets), or its
/// contents at an address or symbol (whole, or selected members), <c>count</c> of them in a row.
/// </summary>
public sealed class StructCommand(string name = "struct") : ICommand
{
    private string Kind => name == "*" ? "struct|union" : name;

    private string Synopsis => name switch
    {
        "union" => "union_name[.member[,member]] [-o][-l offset][-rfuxdp]\n         [address | symbol][:cpuspec] [count | -c count]",
        "*" => "struct|union_name[.member[,member]] [-o][-l offset][-rfuxdp]\n         [address | symbol][:cpuspec] [count | -c count]",
        _ => "struct_name[.member[,member]][-o][-l offset][-rfuxdp]\n         [address | symbol][:cpuspec] [count | -c count]",
    };

    /// <inheritdoc/>
    public string Name => name;

    /// <inheritdoc/>
    public string Summary => name == "*" ? "pointer-to-struct or pointer-to-union display" : $"{name} contents";

    /// <inheritdoc/>
    public string Help => $$"""
        NAME
          {{name}} - {{Summary}}

        SYNOPSIS
          {{name}} {{Synopsis}}

        DESCRIPTION
          This command displays either a {{Kind}} definition, or a formatted display
          of the contents of a {{Kind}} at a specified address.  When no address is
          specified, the {{Kind}} definition is shown along with the {{Kind}} size.
          A {{Kind}} member may be appended to the {{Kind}} name in order to limit
          the scope of the data displayed to that particular member; when no address
          is specified, the member's offset and definition are shown.

            struct_name  name of a C-code structure used by the kernel.
              .member  name of a structure member; to display multiple members of a
                       structure, use a comma-separated list of members.  If any
                       member contains an embedded structure, or the member is an
                       array, the output may be restricted to just the embedded
                       structure or an array element by expressing the argument
                       as "member.member" or "member[index]".
                   -o  show member offsets when displaying structure definitions;
                       if used with an address or symbol argument, each member will
                       be preceded by its virtual address.
            -l offset  if the address argument is a pointer to a structure member
                       that is contained by the target data structure, typically
                       a pointer to an embedded list_head, the offset to the
                       embedded member may be entered in either of the following
                       manners:
                         1. in "structure.member" format.
                         2. a numeric value.
                   -x  override default output format with hexadecimal format.
                   -d  override default output format with decimal format.
              address  hexadecimal address of a structure; if the address points
                       to an embedded list_head structure contained within the
                       target data structure, then the "-l" option must be used.
               symbol  symbolic reference to the address of a structure.
             :cpuspec  CPU specification for a per-cpu address or symbol:
                         :a[ll]        all CPUs.
                         :#[-#][,...]  CPU list(s), e.g. "1,3,5", "1-3",
                                       or "1,3,5-7,10".
                count  count of structures to dump from an array of structures;
                       if used, this must be the last argument entered.
             -c count  "-c" is only required if "count" is not the last argument
                       entered or if a negative number is entered; if a negative
                       value is entered, the (positive) "count" structures that
                       lead up to and include the target structure will be displayed.

                   -r  raw dump of the data (or of the one member named), as rd shows
                       memory: 64-bit words when the size allows, else 32-, 16- or
                       8-bit ones, with their ASCII.

          Not yet: -p (follow pointers), -f and -u.

          Typing the type name where the command goes runs this command on it:
          "sk_buff ADDR -x" is "struct sk_buff ADDR -x", "sigval -o" is
          "union sigval -o". A command of the same name (net, mount) runs instead.

          Members the dump does not hold (a page left out of a filtered kdump) print
          <error: Cannot access memory at address 0x...> in place of their value;
          the rest of the structure is shown.

        EXAMPLES
          Display the list_head of the task list in init_task:

            crash> struct list_head ffffffff8a01b2d0
            struct list_head {
              next = 0xffff8df9c11fb890,
              prev = 0xffff8df9ede7a090
            }

          Display two members of init_task:

            crash> struct task_struct.pid,comm init_task
              pid = 0,
              comm = "swapper/0\000\000\000\000\000\000",

          Show the offsets of task_struct members:

            crash> struct -o task_struct.tasks
            struct task_struct {
              [2192] struct list_head tasks;
            }
        """;

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        KernelProgram kernel = context.Kernel;
        TextWriter output = context.Out;
        GetoptResult parsed = new Getopt("pxdhfuc:rvol:").Parse(args);
        if (parsed.Errors.Count > 0)
            throw new CommandException(string.Join($"\n{name}: ", parsed.Errors) + "\n" + CrashText.Usage(name, Synopsis));
        int radix = 0;
        bool offsets = false;
        bool raw = false;
        long count = long.MinValue;
        string? listOffset = null;
        foreach (GetoptOption o in parsed.Options)
        {
            switch (o.Letter)
            {
                case 'd':
                    if (radix == 16)
                        throw new CommandException("-d and -x are mutually exclusive");
                    radix = 10;
                    break;
                case 'x' or 'h':
                    if (radix == 10)
                        throw new CommandException("-d and -x are mutually exclusive");
                    radix = 16;
                    break;
                case 'c':
                    count = long.TryParse(o.Value, out long c) ? c : 0;
                    break;
                case 'o':
                    offsets = true;
                    break;
                case 'l':
                    listOffset = o.Value;
                    break;
                case 'r':
                    raw = true;
                    break;
                case 'p' or 'f' or 'u' or 'v':
                    throw new CommandException($"-{o.Letter}: not supported yet");
            }
        }
        if (parsed.Words.Count == 0)
        {
            output.Write(CrashText.Usage(name, Synopsis) + "\n");
            return;
        }
        string spec = parsed.Words[0];
        if (spec.EndsWith(',') || spec.EndsWith('.'))
            throw new CommandException($"invalid format: {spec}");

        ulong address = 0;
        bool haveAddress = false;
        string? cpuspec = null;
        for (int i = 1; i < parsed.Words.Count; i++)
        {
            string word = parsed.Words[i];
            if (haveAddress && count != long.MinValue)
                throw new CommandException("too many arguments!");
            if (!haveAddress)
            {
                int colon = word.IndexOf(':');
                if (colon >= 0)
                {
                    cpuspec = word[(colon + 1)..];
                    word = word[..colon];
                }
            }
            // crash's clean_arg(): an address pasted from a struct display keeps its comma
            // ("gen = 0xffff...,"); crash 8.0.2 drops it after a 0x number (not after a bare hex word).
            if (word.Length > 3 && word[^1] == ',' && word.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && DataSymbols.IsNumber(word[..^1]))
                word = word[..^1];
            if (DataSymbols.IsNumber(word))
            {
                if (haveAddress)
                    count = (long)(DataSymbols.ParseNumber(word) ?? 0);
                else
                {
                    address = DataSymbols.ParseHex(word) ?? throw new CommandException($"invalid kernel virtual address: {word}");
                    if (cpuspec == null && address < 0xffff800000000000UL)
                        throw new CommandException($"invalid kernel virtual address: {word}");
                    haveAddress = true;
                }
            }
            else if (DataSymbols.Address(kernel, word) is ulong symbolAddress)
            {
                if (cpuspec != null && !DataSymbols.IsPerCpu(kernel, word))
                {
                    output.Write($"{name}: WARNING: {word} is not percpu; cpuspec ignored.\n");
                    cpuspec = null;
                }
                address = symbolAddress;
                haveAddress = true;
            }
            else
            {
                output.Write($"symbol not found: {word}\npossible alternatives:\n");
                output.Write("  (none found)\n");
                return;
            }
        }
        if (count == long.MinValue)
            count = 1;
        else if (!haveAddress)
            throw new CommandException("no kernel virtual address argument entered");

        if (listOffset != null)
            address -= ListOffset(kernel, listOffset);

        int dot = spec.IndexOf('.');
        string typeName = dot < 0 ? spec : spec[..dot];
        List<string> members = dot < 0 ? [] : spec[(dot + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries).ToList();
        StructType type = DataTypeArgument.FindAggregate(kernel, typeName)
            ?? throw new CommandException($"invalid data structure reference: {typeName}");
        bool isUnion = type.Kind == TypeKind.Union;
        if ((name == "struct" && isUnion) || (name == "union" && !isUnion))
            throw new CommandException($"data type mismatch: {typeName} is not a {name}");
        if (members.Count > 1 && !haveAddress)
        {
            output.Write($"{name}: " + (offsets ? "-o option not valid with multiple member format\n" : "multiple member format not supported in this syntax\n"));
            members.Clear();
            offsets = true;
        }
        if (raw && members.Count > 1)
            throw new CommandException("only one structure member allowed with -r");
        if (members.Count > 1 && haveAddress && offsets)
            throw new CommandException("-o option not valid with multiple member format");
        FormatOptions options = SessionSettings.Of(context.Kernel).Format(radix);
        int shownRadix = options.Radix;

        if (!haveAddress)
        {
            string? member = members.Count > 0 ? members[0] : null;
            if (member != null && (member.Contains('.') || type.FindMember(member) == null))
                throw new CommandException($"invalid data structure reference: {typeName}.{member}");
            output.Write(StructPrinter.OffsetLayout(type, member, null, shownRadix, offsets || member != null, DataTypeArgument.TypedefName(kernel, typeName)));
            return;
        }
        if (cpuspec != null)
        {
            PercpuLayout layout = Percpu.Of(kernel);
            foreach (int c in CpuSpec.Parse(cpuspec, layout.CpuCount))
            {
                ulong at = unchecked(address + layout.Offsets[c]);
                output.Write($"[{c}]: {at:x}\n");
                Show(context, type, typeName, at, count, members, offsets, raw, options, shownRadix, name);
            }
            return;
        }
        Show(context, type, typeName, address, count, members, offsets, raw, options, shownRadix, name);
    }

    /// <summary>
    /// <c>-r</c>: the structure's bytes (or its one member's) as <c>rd</c> shows them, in the widest unit
    /// that divides the size, as crash's raw dump does.
    /// </summary>
    private static void RawDump(CommandContext context, StructType type, string typeName, ulong address, string? member)
    {
        ulong size = type.Size ?? 0;
        if (member != null)
        {
            MemberLookup m = type.FindMemberPath(member.Split('[')[0])
                ?? throw new CommandException($"invalid data structure reference: {typeName}.{member}");
            address += m.Offset;
            size = m.Type.Size ?? 0;
        }
        if (size == 0)
            return;
        (RdDisplay display, ulong unit) = (size % 8) switch
        {
            0 => (RdDisplay.Bits64, 8UL),
            4 => (RdDisplay.Bits32, 4UL),
            2 or 6 => (RdDisplay.Bits16, 2UL),
            _ => (RdDisplay.Bits8, 1UL),
        };
        var request = new RdRequest
        {
            Address = address,
            Count = (long)(size / unit),
            Display = display,
            Format = RdFormat.Hexadecimal | RdFormat.AsciiEndline,
        };
        MemoryDisplay.Show(context, request, null);
    }

    private static ulong ListOffset(KernelProgram kernel, string text)
    {
        if (DataSymbols.IsNumber(text))
            return DataSymbols.ParseNumber(text) ?? 0;
        int dot = text.IndexOf('.');
        if (dot > 0 && DataTypeArgument.FindAggregate(kernel, text[..dot]) is StructType s && s.FindMemberPath(text[(dot + 1)..]) is MemberLookup m)
            return m.Offset;
        throw new CommandException($"invalid -l option: {text}");
    }

    private static void Show(CommandContext context, StructType type, string typeName, ulong address, long count, List<string> members,
        bool offsets, bool raw, FormatOptions options, int radix, string commandName)
    {
        TextWriter output = context.Out;
        ulong size = type.Size ?? 0;
        if (count < 0)
            address = unchecked(address - size * (ulong)Math.Abs(count) + size);
        long n = Math.Abs(count);
        for (long c = 0; c < n; c++, address += size)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            if (c > 0)
                output.Write("\n");
            KObject value = KObject.Reference(context.Kernel, type, address);
            if (offsets)
            {
                if (members.Count == 0)
                    output.Write(StructPrinter.OffsetLayout(type, null, address, radix));
                else
                    foreach (string m in members)
                    {
                        if (type.FindMember(m) == null)
                            throw new CommandException($"invalid data structure reference: {typeName}.{m}");
                        output.Write(StructPrinter.OffsetLayout(type, m, address, radix));
                    }
                continue;
            }
            if (raw)
            {
                RawDump(context, type, typeName, address, members.Count == 0 ? null : members[0]);
                continue;
            }
            if (members.Count > 0)
            {
                StructPrinter.WriteMembers(output, value, members, options, typeName, commandName);
                continue;
            }
            string text;
            try
            {
                text = StructPrinter.FormatWhole(value, typeName, options);
            }
            catch (Dumps.MemoryFaultException)
            {
                // The structure's own address cannot be read (one that straddles a page the dump left
                // out is shown member by member instead): crash's reader reports it, and crash goes on.
                text = StructPrinter.WholeFault(context.Kernel, address, typeName, type.Kind == TypeKind.Union, commandName);
            }
            output.Write(text);
        }
    }
}
