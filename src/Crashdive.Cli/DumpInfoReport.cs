using Crashdive.Dumps;

namespace Crashdive.Cli;

/// <summary>
/// <c>crashdive --dumpinfo VMCORE</c>: everything the dump layer knows about a file, in the
/// spirit of crash's <c>help -D</c> and <c>help -n</c>.
/// </summary>
public static class DumpInfoReport
{
    /// <summary>Writes the report for <paramref name="dump"/> to <paramref name="w"/>.</summary>
    public static void Write(DumpFile dump, TextWriter w)
    {
        w.WriteLine($"file:            {dump.Path}");
        w.WriteLine($"format:          {FormatName(dump)}");
        w.WriteLine($"page size:       {dump.PageSize}");
        foreach (var (name, value) in dump.Describe())
            w.WriteLine($"{(name + ":").PadRight(16)} {value}");
        if (dump.VmcoreInfo is string text)
        {
            var vi = VmcoreInfo.Parse(text);
            w.WriteLine($"osrelease:       {vi.OsRelease ?? "(no OSRELEASE)"}");
            if (vi.BuildId != null)
                w.WriteLine($"build-id:        {vi.BuildId}");
            if (vi.KernelOffset is ulong ko)
                w.WriteLine($"kaslr offset:    0x{ko:x}");
            if (vi.CrashTime is long ct && ct > 0 && ct < 253402300800)
                w.WriteLine($"crash time:      {DateTimeOffset.FromUnixTimeSeconds(ct):yyyy-MM-dd HH:mm:ss} UTC");
        }

        ulong total = 0;
        foreach (var r in dump.Ranges)
            total += r.Length;
        w.WriteLine($"memory ranges:   {dump.Ranges.Count} ({total} bytes, {total >> 20} MiB)");
        foreach (var r in dump.Ranges)
        {
            string v = r.VirtualStart is ulong vs ? $"  virtual {vs:x16}" : "";
            w.WriteLine($"  {r.Start:x16}-{r.End:x16}  {r.Length >> 10,10} KiB{v}");
        }

        CountPages(dump, out ulong present, out ulong excluded, out ulong absent);
        w.WriteLine($"pages:           {present} present, {excluded} excluded, {absent} not in dump (max pfn {dump.MaxPfn})");

        var cpus = dump.Notes.Prstatus.Count > 0 ? dump.Notes.Prstatus : dump.Notes.QemuCpus;
        w.WriteLine($"cpus:            {cpus.Count} saved register sets ({dump.Notes.Prstatus.Count} NT_PRSTATUS, {dump.Notes.QemuCpus.Count} QEMU)");
        foreach (var cpu in dump.Notes.Prstatus)
            WriteRegisters(w, cpu);
        foreach (var cpu in dump.Notes.QemuCpus)
            WriteRegisters(w, cpu);

        w.WriteLine($"notes:           {dump.Notes.All.Count}");
        foreach (var n in dump.Notes.All)
            w.WriteLine($"  {n.Name,-11} {n.TypeName,-16} {n.Desc.Length,6} bytes at 0x{n.FileOffset:x}");

        string? info = dump.VmcoreInfo;
        if (info == null)
        {
            w.WriteLine("VMCOREINFO:      none");
        }
        else
        {
            w.WriteLine("VMCOREINFO:");
            foreach (var line in info.Split('\n'))
                if (line.Length > 0)
                    w.WriteLine("  " + line);
        }
    }

    private static string FormatName(DumpFile dump)
    {
        string name = dump.Format switch
        {
            DumpFormat.Elf => "ELF vmcore",
            DumpFormat.Kcore => "ELF /proc/kcore",
            DumpFormat.Kdump => "kdump-compressed",
            _ => dump.Format.ToString(),
        };
        return dump.IsFlattened ? name + " (makedumpfile flattened, read in place)" : name;
    }

    private static void CountPages(DumpFile dump, out ulong present, out ulong excluded, out ulong absent)
    {
        present = excluded = absent = 0;
        ulong max = dump.MaxPfn;
        for (ulong pfn = 0; pfn < max; pfn++)
        {
            switch (dump.GetPageStatus(pfn))
            {
                case PageStatus.Present: present++; break;
                case PageStatus.Excluded: excluded++; break;
                default: absent++; break;
            }
        }
    }

    private static void WriteRegisters(TextWriter w, Dumps.Notes.CpuRegisters cpu)
    {
        string pid = cpu.Pid >= 0 ? $" pid {cpu.Pid}" : "";
        w.WriteLine($"  CPU {cpu.Index} ({cpu.Source}{pid}):");
        int col = 0;
        var line = new System.Text.StringBuilder();
        foreach (var (name, value) in cpu.Values)
        {
            line.Append($"    {name,8}: {value:x16}");
            if (++col % 3 == 0)
            {
                w.WriteLine(line.ToString());
                line.Clear();
            }
        }
        if (line.Length > 0)
            w.WriteLine(line.ToString());
    }
}
