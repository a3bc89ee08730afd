using System.Text;
using Crashdive.Commands.Arguments;
using Crashdive.Helpers.Mm;
using Crashdive.Helpers.Percpu;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Commands.Kmem;

public sealed partial class KmemCommand
{
    private static void MemoryInfo(CommandContext context, bool shared)
    {
        MemInfo m;
        try
        {
            m = MemInfo.Of(context.Kernel, shared, context.Cancellation);
        }
        catch (Exception e) when (e is MmException or KernelObjectException or Dumps.MemoryFaultException or Helpers.Lists.ListWalkException)
        {
            throw new CommandException($"cannot gather memory usage: {e.Message}");
        }
        var o = new StringBuilder();
        ulong total = m.TotalRam == 0 ? 1 : m.TotalRam;
        o.Append("                 PAGES        TOTAL      PERCENTAGE\n");
        Row(o, "TOTAL MEM", m.TotalRam, "         ----");
        Row(o, "FREE", m.Free, Pct(m.Free, total, "TOTAL MEM"));
        ulong used = m.TotalRam - m.Free;
        Row(o, "USED", used, Pct(used, total, "TOTAL MEM"));
        if (m.Shared is ulong sharedPages)
            Row(o, "SHARED", sharedPages, Pct(sharedPages, total, "TOTAL MEM"));
        Row(o, "BUFFERS", m.Buffers, Pct(m.Buffers, total, "TOTAL MEM"));
        o.Append($"{"CACHED",13}  {m.Cached,7}  {CrashSize.OfPages((ulong)Math.Max(0, m.Cached)),11}  {m.Cached * 100 / (long)total,3}% of TOTAL MEM\n");
        Row(o, "SLAB", m.Slab, Pct(m.Slab, total, "TOTAL MEM"));
        if (m.HasHugetlb)
        {
            o.Append('\n');
            Row(o, "TOTAL HUGE", m.HugeTotal, "         ----");
            Row(o, "HUGE FREE", m.HugeFree, $"  {(m.HugeFree == 0 ? 0 : m.HugeFree * 100 / m.HugeTotal),3}% of TOTAL HUGE");
        }
        o.Append('\n');
        if (m.HasSwap)
        {
            ulong swapFree = m.SwapTotal - m.SwapUsed;
            Row(o, "TOTAL SWAP", m.SwapTotal, "         ----");
            Row(o, "SWAP USED", m.SwapUsed, $"  {(m.SwapTotal == 0 ? 0 : m.SwapUsed * 100 / m.SwapTotal),3}% of TOTAL SWAP");
            Row(o, "SWAP FREE", swapFree, $"  {(m.SwapTotal == 0 ? 0 : swapFree * 100 / m.SwapTotal),3}% of TOTAL SWAP");
        }
        if (m.CommitLimit is ulong limit)
        {
            o.Append('\n');
            Row(o, "COMMIT LIMIT", limit, "         ----");
            ulong committed = (ulong)m.Committed;
            if (limit != 0)
                Row(o, "COMMITTED", committed, $"  {(committed == 0 ? 0 : committed * 100 / limit),3}% of TOTAL LIMIT");
            else
                Row(o, "COMMITTED", committed, "         ----");
        }
        context.Out.Write(o.ToString());
    }

    private static string Pct(ulong part, ulong whole, string of) => $"  {part * 100 / whole,3}% of {of}";

    private static void Row(StringBuilder o, string label, ulong pages, string tail) =>
        o.Append($"{label,13}  {pages,7}  {CrashSize.OfPages(pages),11}{tail}\n");

    private static void VmStatTables(CommandContext context, int cpus)
    {
        var kernel = context.Kernel;
        var o = new StringBuilder();
        try
        {
            var zone = VmStat.Zone(kernel);
            var node = VmStat.Node(kernel);
            var numa = VmStat.Numa(kernel);
            int width = 0;
            foreach (var list in new[] { zone, node, numa })
            {
                foreach (var item in list)
                    width = Math.Max(width, item.Name.Length);
            }
            o.Append(kernel.SymbolAddress("vm_zone_stat") is not null ? "  VM_ZONE_STAT:\n" : "  VM_STAT:\n");
            Items(o, zone, width, signed: true);
            if (node.Count > 0)
            {
                o.Append("\n  VM_NODE_STAT:\n");
                Items(o, node, width, signed: true);
            }
            if (numa.Count > 0)
            {
                o.Append("\n  VM_NUMA_STAT:\n");
                Items(o, numa, width, signed: true);
            }
            var events = VmStat.Events(kernel, cpus);
            if (events.Count > 0)
            {
                int ew = 0;
                foreach (var item in events)
                    ew = Math.Max(ew, item.Name.Length);
                o.Append("\n  VM_EVENT_STATES:\n");
                Items(o, events, ew, signed: false);
            }
        }
        catch (Exception e) when (e is MmException or KernelObjectException or Dumps.MemoryFaultException)
        {
            context.Out.Write(o.ToString());
            throw new CommandException(e.Message);
        }
        context.Out.Write(o.ToString());
    }

    private static void Items(StringBuilder o, IReadOnlyList<VmStatItem> items, int width, bool signed)
    {
        foreach (var item in items)
        {
            o.Append(' ', width - item.Name.Length).Append(item.Name).Append(": ");
            o.Append(signed ? item.Value.ToString() : ((ulong)item.Value).ToString()).Append('\n');
        }
    }

    private static void ZoneStats(CommandContext context)
    {
        var kernel = context.Kernel;
        var o = new StringBuilder();
        var nodes = Zones.Nodes(kernel);
        for (int n = 0; n < nodes.Count; n++)
        {
            var zones = Zones.Of(nodes[n]);
            for (int i = 0; i < zones.Count; i++)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                KObject z = zones[i];
                string name;
                try
                {
                    name = Zones.Name(z);
                }
                catch (Dumps.MemoryFaultException)
                {
                    name = "(unknown) ";
                }
                o.Append($"NODE: {n}  ZONE: {i}  ADDR: {z.Address:x}  NAME: \"{name}\"\n");
                ulong spanned = z.Member("spanned_pages").ToUInt64();
                ulong present = z.Member("present_pages").ToUInt64();
                if (spanned == 0)
                {
                    o.Append("  [unpopulated]\n\n");
                    continue;
                }
                o.Append($"  SIZE: {spanned}");
                if (present < spanned)
                    o.Append($"  PRESENT: {present}");
                // _watermark since 5.0 (watermark before), indexed by enum zone_watermarks.
                KObject marks = z.Member(z.HasMember("_watermark") ? "_watermark" : "watermark");
                o.Append($"  MIN/LOW/HIGH: {marks.Index(Enumerator(kernel, "WMARK_MIN", 0)).ToInt64()}/{marks.Index(Enumerator(kernel, "WMARK_LOW", 1)).ToInt64()}/{marks.Index(Enumerator(kernel, "WMARK_HIGH", 2)).ToInt64()}");
                o.Append("\n  VM_STAT:\n");
                var items = VmStat.OfZone(z);
                int width = 0;
                foreach (var item in items)
                    width = Math.Max(width, item.Name.Length);
                Items(o, items, width, signed: true);
                o.Append("\n\n");
            }
        }
        context.Out.Write(o.ToString());
    }

    private static long Enumerator(KernelProgram kernel, string name, long fallback) =>
        kernel.FindType("enum zone_watermarks")?.Underlying() is EnumType e && e.FindEnumerator(name) is { } en ? en.Value : fallback;

    private static void PerCpuOffsets(CommandContext context)
    {
        var o = new StringBuilder("PER-CPU OFFSET VALUES:\n");
        var offsets = Percpu.Of(context.Kernel).Offsets;
        for (int c = 0; c < offsets.Count; c++)
            o.Append($"{"CPU " + c,7}: {offsets[c]:x}\n");
        context.Out.Write(o.ToString());
    }

    private static void PageFlags(CommandContext context, ulong flags)
    {
        if (context.Kernel.FindType("enum pageflags")?.Underlying() is not EnumType e)
            throw new CommandException("enum pageflags does not exist in this kernel");
        int longest = 0;
        long largest = 0;
        foreach (var en in e.Enumerators)
        {
            longest = Math.Max(longest, en.Name.Length);
            if (en.Name.Contains("PG_", StringComparison.Ordinal) && en.Value > largest)
                largest = en.Value;
        }
        int digits = (int)((largest + 1) / 4 + 1);
        var o = new StringBuilder();
        string indent = flags != 0 ? "  " : "";
        if (flags != 0)
            o.Append($"FLAGS: {flags:x}\n");
        o.Append(indent).Append(CrashText.LJust("PAGE-FLAG", longest)).Append(" BIT  VALUE\n");
        int found = 0;
        foreach (var en in e.Enumerators)
        {
            if (!en.Name.Contains("PG_", StringComparison.Ordinal) || en.Value < 0 || en.Value > 63)
                continue;
            ulong bit = 1UL << (int)en.Value;
            if (flags != 0 && (flags & bit) == 0)
                continue;
            o.Append(indent).Append(CrashText.LJust(en.Name, longest)).Append($"  {en.Value,2}  ").Append(bit.ToString("x").PadLeft(digits, '0')).Append('\n');
            if ((flags & bit) != 0)
                found++;
        }
        if (flags != 0 && found == 0)
            o.Append("  (none found)\n");
        context.Out.Write(o.ToString());
    }
}
