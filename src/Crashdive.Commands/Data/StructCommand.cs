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
    public CommandSpec Spec => _spec ??= new()
    {
        Name = name,
        Summary = name == "*" ? "pointer-to-struct or pointer-to-union display" : $"{name} contents",
        Synopsis = Synopsis,
        Description = $"""
            Without an address, prints the definition of a {Kind} type with its size; with .member, only that
            member with its offset. With an address or a symbol, prints the {Kind} stored there, member by
            member as gdb lays a value out, or only the members listed after the name, separated by commas.
            A member may be a path into embedded structures and arrays (member.member, member[index]).

            A number after the address shows that many {Kind}s one after the other; a negative one, with -c,
            shows the ones that lead up to the address and end with it. With :cpuspec after a per-cpu symbol or
            offset, the {Kind} is shown for each CPU listed (1,3,5-7, or a for all).
            """,
        Options =
        [
            new("-o", null, "show the offset of each member in a definition, or its address when an address is given"),
            new("-l", "offset", "the address points at a member inside the structure (often a list_head); offset is a number or struct.member, and is subtracted first"),
            new("-c", "count", "how many to show, when the count is not the last word or is negative"),
            new("-x", null, "integers in hexadecimal this time"),
            new("-h", null, "the same as -x"),
            new("-d", null, "integers in decimal this time"),
            new("-r", null, "the raw bytes of the object (or of one member), as rd shows them in the widest unit that divides the size"),
            new("-p", null, "following pointer members: refused for now"),
            new("-f", null, "refused for now"),
            new("-u", null, "user addresses: refused for now"),
            new("-v", null, "refused for now"),
        ],
        Arguments =
        [
            new($"{(name == "*" ? "struct|union" : name)}_name[.member[,member]]", "the type, and optionally the members to show"),
            new("address | symbol", "where the object is; without it, the type's definition is shown"),
            new(":cpuspec", "after a per-cpu symbol: the CPUs to show it for"),
            new("count", "how many objects in a row (the last word)"),
        ],
        Examples =
        [
            new($"{name} {(name == "union" ? "thread_union" : "task_struct")}.pid,comm init_task", "two members of init_task"),
            new($"{name} -o list_head", "the definition with member offsets"),
        ],
    };

    private CommandSpec? _spec;

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        KernelProgram kernel = context.Kernel;
        TextWriter output = context.Out;
        GetoptResult parsed = new Getopt(Spec.Getopt).Parse(args);
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
