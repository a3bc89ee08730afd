using System.Text;
using Crashdive.Commands.Arguments;
using Crashdive.Helpers.Mm;
using Crashdive.Kernel;

namespace Crashdive.Commands.Kmem;

public sealed partial class KmemCommand
{
    // crash's node_zone_hdr + MEM_MAP (CENTER|RJUST in 16) + the two start columns.
    private const string NodeZoneHeader = "ZONE  NAME         SIZE       MEM_MAP      START_PADDR  START_MAPNR";

    // kmem -n: each node with its zones, then the memory sections and the memory blocks (crash's dump_memory_nodes).
    private static void NodesAndSections(CommandContext context)
    {
        var kernel = context.Kernel;
        var o = new StringBuilder();
        try
        {
            var nodes = Zones.Nodes(kernel);
            for (int n = 0; n < nodes.Count; n++)
                Node(kernel, nodes[n], n, o);
            context.Out.Write(o.ToString());
            o.Clear();
            Sections(context, o);
            context.Out.Write(o.ToString());
            o.Clear();
            Blocks(kernel, o);
        }
        catch (Exception e) when (e is MmException or KernelObjectException or Dumps.MemoryFaultException or Helpers.Lists.ListWalkException)
        {
            context.Out.Write(o.ToString());
            throw new CommandException($"cannot walk memory nodes: {e.Message}");
        }
        context.Out.Write(o.ToString());
    }

    private static void Node(KernelProgram kernel, KObject pgdat, int n, StringBuilder o)
    {
        if (n > 0)
            o.Append('\n').Append('-', NodeZoneHeader.Length).Append('\n');
        long id = pgdat.HasMember("node_id") ? pgdat.Member("node_id").ToInt64() : 0;
        ulong size = pgdat.Member("node_spanned_pages").ToUInt64();
        ulong startPfn = pgdat.Member("node_start_pfn").ToUInt64();
        ulong memMap = pgdat.HasMember("node_mem_map") ? pgdat.Member("node_mem_map").ToUInt64() : Mm.PfnToPage(kernel, startPfn) ?? 0;
        string bdata = pgdat.HasMember("bdata") ? $"{pgdat.Member("bdata").ToUInt64():x}" : "----";
        var zones = Zones.Of(pgdat);
        ulong zonesAt = zones.Count > 0 ? zones[0].Address : pgdat.Address;
        o.Append(n > 0 ? "\n\n" : "").Append("NODE    SIZE      PGLIST_DATA       BOOTMEM_DATA       NODE_ZONES   \n");
        string sizeText = CrashText.Center(size.ToString(), 8);
        string pgdatText = CrashText.Center($"{pgdat.Address:x}", 16);
        string bdataText = CrashText.Center(bdata, 16);
        o.Append($" {id,2}   {sizeText}  {pgdatText}  {bdataText}  {CrashText.Center($"{zonesAt:x}", 16)}\n");
        int indent = 12 + sizeText.Length + pgdatText.Length + bdataText.Length;
        for (int i = 1; i < zones.Count; i++)
            o.Append(' ', indent).Append($"{zones[i].Address:x}\n");
        o.Append("    MEM_MAP          START_PADDR    START_MAPNR\n");
        o.Append($"{CrashText.Center($"{memMap:x}", 16)}  {CrashText.Center($"{startPfn << 12:x}", 16, leanRight: true)}  {CrashText.Center(startPfn.ToString(), 11, leanRight: true)}\n");
        o.Append('\n').Append(NodeZoneHeader).Append('\n');
        for (int i = 0; i < zones.Count; i++)
        {
            KObject z = zones[i];
            ulong zoneSize = z.Member("spanned_pages").ToUInt64();
            ulong zoneStart = z.Member("zone_start_pfn").ToUInt64();
            string name;
            try
            {
                name = Zones.Name(z);
            }
            catch (Dumps.MemoryFaultException)
            {
                name = "(unknown) ";
            }
            ulong zoneMap = zoneSize != 0 ? Mm.PfnToPage(kernel, zoneStart) ?? 0 : 0;
            ulong mapnr = zoneSize != 0 ? zoneStart : 0;
            string map = zoneMap == 0 ? "0" : $"{zoneMap:x}";
            o.Append($" {i,2}   {name,-9} {zoneSize,7}  {map,16}  {$"{zoneStart << 12:x}",11}  {mapnr,11}\n");
        }
    }

    private static void Sections(CommandContext context, StringBuilder o)
    {
        o.Append('\n').Append('-', 67).Append("\n\n");
        o.Append("NR      SECTION        CODED_MEM_MAP        MEM_MAP       STATE PFN\n");
        Span<char> state = stackalloc char[5];
        foreach (var s in MemorySections.Present(context.Kernel))
        {
            context.Cancellation.ThrowIfCancellationRequested();
            int k = 0;
            if ((s.State & 1) != 0) state[k++] = 'P';
            if ((s.State & 2) != 0) state[k++] = 'M';
            if ((s.State & 4) != 0) state[k++] = 'O';
            if ((s.State & 8) != 0) state[k++] = 'E';
            if ((s.State & 16) != 0) state[k++] = 'D';
            o.Append($"{s.Number,2}  {CrashText.Center($"{s.Address:x}", 16)}  {$"{s.Coded:x}",16}  {$"{s.MemMap:x}",16}  {CrashText.Center(new string(state[..k]), 5)} {s.FirstPfn,-16}\n");
            if (o.Length > 1 << 16)
            {
                context.Out.Write(o.ToString());
                o.Clear();
            }
        }
    }

    private static void Blocks(KernelProgram kernel, StringBuilder o)
    {
        var blocks = MemoryBlocks.All(kernel);
        if (blocks.Count == 0 && kernel.FindVariable("memory_subsys") is null)
            return;
        var blockType = kernel.Type("struct memory_block");
        bool hasNid = blocks.Count > 0 ? blocks[0].HasMember("nid") : blockType.Underlying() is global::Crashdive.Symbols.Types.StructType st && st.HasMember("nid");
        ulong? probed = kernel.SymbolAddress("memory_block_size_probed");
        bool hasEnd = blocks.Count > 0 && blocks[0].HasMember("end_section_nr");
        string paddrHeader = probed is not null || hasEnd ? "PHYSICAL RANGE" : "PHYSICAL START";
        if (hasNid)
            o.Append($"\n   MEM_BLOCK        NAME      {CrashText.Center(paddrHeader, 18)}   NODE  STATE   START_SECTION_NO\n");
        else
            o.Append($"\n   MEM_BLOCK        NAME      {CrashText.Center(paddrHeader, 16)}    STATE   START_SECTION_NO\n");
        int shift = (int)(kernel.VmcoreInfo?.Number("SECTION_SIZE_BITS") ?? 27);
        ulong blockSize = probed is ulong p ? kernel.Memory.Read<ulong>(p) : 0;
        foreach (KObject b in blocks)
        {
            ulong startSec = b.Member("start_section_nr").ToUInt64();
            ulong start = startSec << shift;
            ulong end = ulong.MaxValue;
            if (probed is not null)
                end = start + blockSize - 1;
            else if (hasEnd)
                end = ((b.Member("end_section_nr").ToUInt64() + 1) << shift) - 1;
            string range = end == ulong.MaxValue ? CrashText.Center($"{start:x}", 19) : $"{$"{start:x}",8} - {$"{end:x}",8}";
            string name = b.Member("dev").Member("kobj").Member("name").ReadString(64);
            KObject stateMember = b.Member("state");
            // 6.x later made state an enum memory_block_state with its own values: name it by the enum.
            string state = stateMember.UnderlyingType is global::Crashdive.Symbols.Types.EnumType e
                ? EnumState(e, stateMember.ToInt64())
                : stateMember.ToUInt64() switch
            {
                1 => "ONLINE",
                2 => "GOING_OFFLINE",
                4 => "OFFLINE",
                8 => "GOING_ONLINE",
                16 => "CANCEL_ONLINE",
                32 => "CANCEL_OFFLINE",
                _ => "UNKNOWN",
            };
            if (hasNid)
                o.Append($" {b.Address,-16:x} {CrashText.Center(name, 12)} {range} {CrashText.Center(((uint)b.Member("nid").ToUInt64()).ToString(), 4)}  {state,-7} {startSec,-12}\n");
            else
                o.Append($" {b.Address,-16:x} {CrashText.Center(name, 10)} {range}  {state,-7} {startSec,-12}\n");
        }
    }

    private static string EnumState(global::Crashdive.Symbols.Types.EnumType e, long value)
    {
        foreach (var en in e.Enumerators)
        {
            if (en.Value == value)
                return en.Name.StartsWith("MEM_", StringComparison.Ordinal) ? en.Name[4..] : en.Name;
        }
        return "UNKNOWN";
    }
}
