using Crashdive.Commands.Arguments;
using Crashdive.Helpers.Percpu;

namespace Crashdive.Commands.Kmem;

/// <summary>
/// <c>kmem</c>: kernel memory: usage summary (-i), vm_stat tables (-V), zones (-z), nodes and sections (-n),
/// vmalloc areas (-v), SLUB caches (-s, -S), per-cpu offsets (-o), page flags (-g), and what an address is.
/// </summary>
public sealed partial class KmemCommand : ICommand
{
    /// <inheritdoc/>
    public string Name => "kmem";

    private const string Exclusive = "sSpfFVovCcilLghr";

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = new Getopt(Spec.Getopt).Parse(args);
        if (parsed.Errors.Count > 0)
            throw new CommandException(string.Join("\nkmem: ", parsed.Errors) + "\n" + CrashText.Usage(Name, Synopsis));
        var flags = new HashSet<char>();
        string? ignore = null, members = null, cpuList = null;
        string? lruList = null;
        bool badArgument = false, shared = false;
        foreach (var (letter, value) in parsed.Options)
        {
            // crash: -s/-S/-r and -f/-F and -c/-C and -l/-L override each other.
            switch (letter)
            {
                case 's': flags.Remove('S'); flags.Remove('r'); break;
                case 'S':
                    if (cpuList != null && value != null)
                        throw new CommandException("only one -S option allowed");
                    if (value != null)
                    {
                        if (value[0] != '=')
                            throw new CommandException("CPU-specific slab data to be displayed must be written as expected only e.g. -S=1,45.");
                        cpuList = value[1..];
                    }
                    flags.Remove('s'); flags.Remove('r');
                    break;
                case 'r': flags.Remove('s'); flags.Remove('S'); break;
                case 'f': flags.Remove('F'); break;
                case 'F': flags.Remove('f'); break;
                case 'c': flags.Remove('C'); break;
                case 'C': flags.Remove('c'); break;
                case 'l' or 'L':
                    if (value is not ("a" or "i" or "ic" or "id"))
                    {
                        badArgument = true;
                        continue;
                    }
                    lruList = value;
                    flags.Remove(letter == 'l' ? 'L' : 'l');
                    break;
                case 'I': ignore = value; continue;
                // -i=shared: also count shared pages, which takes a pass over every struct page (crash 9.0.2)
                case 'i': shared |= value == "=shared"; break;
                case 'm': members = value; flags.Add('p'); continue;
            }
            flags.Add(letter);
        }
        if (badArgument)
        {
            context.Out.Write(CrashText.Usage(Name, Synopsis) + "\n");
            return;
        }
        int exclusive = 0;
        foreach (char c in flags)
        {
            if (Exclusive.Contains(c))
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
        // crash's option_not_supported(): 6.x kernels have no page hash table, no global LRU lists,
        // and (without memcg root caches) no root-cache list.
        foreach (char absent in "cCr")
        {
            if (flags.Contains(absent) && !Supported(context.Kernel, absent))
                throw new CommandException($"-{absent} option not supported or applicable on this architecture or kernel");
        }
        if (lruList != null)
            throw new CommandException(LruMessage(lruList));
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
        if (flags.Contains('f') && addresses.Count > 0)
        {
            for (int i = 0; i < addresses.Count; i++)
            {
                if (i > 0)
                    output.Write("\n");
                FreeSearch(context, addresses[i], flags.Contains('P'));
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
            SlabCaches(context, cacheName, flags.Contains('S'), ignore, cpus, cpuList is null ? null : CpuSet(cpuList, cpus));
            return;
        }
        if (flags.Contains('v'))
        {
            Vmalloc(context, addresses);
            return;
        }
        if (flags.Contains('p'))
        {
            Pages(context, addresses, members, flags.Contains('P'));
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
            MemoryInfo(context, shared);
        else if (flags.Contains('f') || flags.Contains('F'))
            FreePages(context, flags.Contains('F'));
        else if (flags.Contains('h'))
            Hstates(context);
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

    // -c/-C: the page cache hash table (gone since 2.6); -r: SLUB's memcg root caches (slab_root_caches, 4.13-5.8).
    private static bool Supported(Kernel.KernelProgram kernel, char option) => option switch
    {
        'c' or 'C' => kernel.SymbolAddress("page_hash_table") is not null,
        _ => kernel.SymbolAddress("slab_root_caches") is not null,
    };

    // crash's dump_page_lists: the 2.4 global LRU lists, which 2.6+ kernels keep per node and memcg.
    private static string LruMessage(string list) => list switch
    {
        "a" => "active_list does not exist in this kernel",
        "i" => "inactive_list does not exist in this kernel",
        "id" => "inactive_dirty_list does not exist in this kernel",
        _ => "inactive_clean_list(s) do not exist in this kernel",
    };

    // -S=cpus: "1", "0,2", "0-3".
    private static HashSet<int> CpuSet(string list, int cpus)
    {
        var set = new HashSet<int>();
        foreach (string part in list.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] ends = part.Split('-');
            if (ends.Length > 2 || !int.TryParse(ends[0], out int lo) || !int.TryParse(ends[^1], out int hi) || lo < 0 || hi < lo)
                throw new CommandException($"invalid cpu specification: {list}");
            for (int c = lo; c <= hi && c < 1 << 16; c++)
                set.Add(c);
        }
        return set;
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
