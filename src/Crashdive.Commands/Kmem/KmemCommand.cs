using Crashdive.Commands.Arguments;
using Crashdive.Helpers.Percpu;

namespace Crashdive.Commands.Kmem;

/// <summary>
/// <c>kmem</c>: kernel memory: usage summary (-i), vm_stat tables (-V), zones (-z), nodes and sections (-n),
/// vmalloc areas (-v), SLUB caches (-s, -S), per-cpu offsets (-o), page flags (-g), and what an address is.
/// </summary>
public sealed partial class KmemCommand : ICommand
{
    /// <summary>crash's synopsis.</summary>
    public const string Synopsis = "[-f|-F|-c|-C|-i|-v|-V|-n|-z|-o|-h] [-p | -m member[,member]]\n       [[-s|-S|-S=cpu[s]|-r] [slab] [-I slab[,slab]]] [-g [flags]] [[-P] address]]";

    /// <inheritdoc/>
    public string Name => "kmem";

    /// <inheritdoc/>
    public string Summary => "kernel memory";

    /// <inheritdoc/>
    public string Help => HelpText;

    private const string Exclusive = "sSpfFVovCcilLgh";

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = new Getopt("gI:sSrFfm:pvczCinl:L:PVoh").Parse(args);
        if (parsed.Errors.Count > 0)
            throw new CommandException(string.Join("\nkmem: ", parsed.Errors) + "\n" + CrashText.Usage(Name, Synopsis));
        var flags = new HashSet<char>();
        string? ignore = null;
        foreach (var (letter, value) in parsed.Options)
        {
            // crash: -s/-S/-r and -f/-F and -c/-C override each other.
            switch (letter)
            {
                case 's': flags.Remove('S'); flags.Remove('r'); break;
                case 'S': flags.Remove('s'); flags.Remove('r'); break;
                case 'r': flags.Remove('s'); flags.Remove('S'); break;
                case 'f': flags.Remove('F'); break;
                case 'F': flags.Remove('f'); break;
                case 'c': flags.Remove('C'); break;
                case 'C': flags.Remove('c'); break;
                case 'I': ignore = value; continue;
                case 'm': flags.Add('p'); break;
            }
            flags.Add(letter);
        }
        int exclusive = 0;
        foreach (char c in flags)
        {
            if (Exclusive.Contains(c) || c == 'r')
                exclusive++;
        }
        if (exclusive > 1)
            throw new CommandException("only one flag allowed!\n" + CrashText.Usage(Name, Synopsis));
        var addresses = new List<ulong>();
        string? cacheName = null;
        foreach (string word in parsed.Words)
        {
            if (IsHex(word))
            {
                addresses.Add(Convert.ToUInt64(word.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? word[2..] : word, 16));
                continue;
            }
            if (cacheName != null)
                throw new CommandException("only one kmem_cache reference is allowed");
            cacheName = word.StartsWith('\\') ? word[1..] : word;
            if (!flags.Contains('s') && !flags.Contains('S') && !flags.Contains('r'))
            {
                context.Out.Write(CrashText.Usage(Name, Synopsis) + "\n");
                return;
            }
        }
        if (addresses.Count > 0 && flags.Overlaps("zniFCLVohr"))
            throw new CommandException("no address arguments allowed with this option\n" + CrashText.Usage(Name, Synopsis));
        foreach (char unsupported in "fFcClLhmPr")
        {
            if (flags.Contains(unsupported))
                throw new CommandException($"-{unsupported} is not supported yet");
        }
        int cpus = Percpu.Of(context.Kernel).Offsets.Count;
        var output = context.Out;
        if (flags.Contains('g'))
        {
            if (addresses.Count == 0)
                PageFlags(context, 0);
            for (int i = 0; i < addresses.Count; i++)
            {
                if (i > 0)
                    output.Write("\n");
                PageFlags(context, addresses[i]);
            }
            return;
        }
        if (flags.Contains('s') || flags.Contains('S'))
        {
            if (addresses.Count > 0)
            {
                for (int i = 0; i < addresses.Count; i++)
                {
                    if (i > 0)
                        output.Write("\n");
                    SlabAddress(context, addresses[i], flags.Contains('S'), cpus);
                }
                return;
            }
            SlabCaches(context, cacheName, flags.Contains('S'), ignore, cpus);
            return;
        }
        if (flags.Contains('v'))
        {
            Vmalloc(context, addresses);
            return;
        }
        if (flags.Contains('p'))
        {
            Pages(context, addresses);
            return;
        }
        if (addresses.Count > 0)
        {
            for (int i = 0; i < addresses.Count; i++)
            {
                if (i > 0)
                    output.Write("\n");
                Search(context, addresses[i], cpus);
            }
            return;
        }
        if (flags.Contains('i'))
            MemoryInfo(context);
        else if (flags.Contains('V'))
            VmStatTables(context, cpus);
        else if (flags.Contains('z'))
            ZoneStats(context);
        else if (flags.Contains('n'))
            NodesAndSections(context);
        else if (flags.Contains('o'))
            PerCpuOffsets(context);
        else
            context.Out.Write(CrashText.Usage(Name, Synopsis) + "\n");
    }

    private static bool IsHex(string word)
    {
        string digits = word.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? word[2..] : word;
        if (digits.Length == 0 || digits.Length > 16)
            return false;
        foreach (char c in digits)
        {
            if (!Uri.IsHexDigit(c))
                return false;
        }
        return true;
    }
}
