using System.Diagnostics;
using Crashdive.Symbols;
using Crashdive.Symbols.Dwarf;
using Crashdive.Symbols.Dwarf.Index;
using Crashdive.Symbols.Elf;
using Crashdive.Symbols.Types;

// Measures the symbols layer on a real vmlinux:
//   crashdive-symbols-bench VMLINUX [--threads N] [--cache-dir DIR] [--show TYPE...] [--repeat N]
// Without --cache-dir a private temporary cache is used and removed: the first open scans, the
// second maps the cache. Run twice with the same --cache-dir to time a fresh process on a cache hit.
// --repeat N times N scans in one process and prints the best (least disturbed by other load).
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: crashdive-symbols-bench VMLINUX [--threads N] [--cache-dir DIR] [--show TYPE]...");
    return 2;
}
string path = args[0];
int threads = 0;
string cacheDir = Path.Combine(Path.GetTempPath(), $"crashdive-bench-{Environment.ProcessId}");
var show = new List<string>();
int repeat = 0;
for (int i = 1; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--threads": threads = int.Parse(args[++i]); break;
        case "--cache-dir": cacheDir = args[++i]; break;
        case "--show": show.Add(args[++i]); break;
        case "--repeat": repeat = int.Parse(args[++i]); break;
    }
}

static double Ms(Stopwatch s) => s.Elapsed.TotalMilliseconds;
var options = new SymbolFileOptions { Index = new NameIndexOptions { CacheDirectory = cacheDir, Threads = threads } };
string? cacheFile = null;

if (repeat > 0)
{
    // Scans only, in-process, each with a fresh DwarfFile (abbreviation tables parsed again): the
    // minimum is the figure least disturbed by other load on the machine.
    using ElfImage elf = ElfImage.Open(path);
    var proc = Process.GetCurrentProcess();
    double best = double.MaxValue, bestCpu = double.MaxValue;
    for (int r = 0; r < repeat; r++)
    {
        long alloc0 = GC.GetTotalAllocatedBytes(true);
        var dwarf = new DwarfFile(elf);
        _ = dwarf.InfoUnits.Count;
        long allocUnits = GC.GetTotalAllocatedBytes(true) - alloc0;
        GC.Collect();
        alloc0 = GC.GetTotalAllocatedBytes(true);
        proc.Refresh();
        TimeSpan cpu0 = proc.TotalProcessorTime;
        var w = Stopwatch.StartNew();
        using NameIndex idx = NameIndex.Build(dwarf, threads > 0 ? threads : Environment.ProcessorCount);
        double wall = Ms(w);
        proc.Refresh();
        double cpu = (proc.TotalProcessorTime - cpu0).TotalMilliseconds;
        Console.WriteLine($"scan {r}: {wall:F0} ms wall, {cpu:F0} ms CPU, {idx.Count} entries, allocated {(GC.GetTotalAllocatedBytes(true) - alloc0) >> 20} MiB (unit list {allocUnits >> 20} MiB)");
        best = Math.Min(best, wall);
        bestCpu = Math.Min(bestCpu, cpu);
    }
    double bestSymbols = double.MaxValue;
    for (int r = 0; r < repeat; r++)
    {
        var w = Stopwatch.StartNew();
        ElfSymbolTable table = ElfSymbolTable.Read(elf);
        bestSymbols = Math.Min(bestSymbols, Ms(w));
        if (table.Count == 0)
            return 1;
    }
    Console.WriteLine($"ELF symbol table: best of {repeat}: {bestSymbols:F1} ms");
    Console.WriteLine($"best of {repeat}: {best:F0} ms wall, {bestCpu:F0} ms CPU (load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
    return 0;
}

// First open: a scan that writes the cache (or, with --cache-dir holding one already, a cache hit in a fresh process).
var sw = Stopwatch.StartNew();
using (SymbolFile cold = SymbolFile.Open(path, options))
{
    double open = Ms(sw);
    NameIndex index = cold.Index; // a scan reads every unit header first; a cache hit reads none
    double indexed = Ms(sw);
    string how = index.LoadedFromCache ? "cache hit" : $"scan {index.BuildTime.TotalMilliseconds:F1} ms of it";
    Console.WriteLine($"first open: open {open:F1} ms, index {indexed - open:F1} ms ({how}, {index.Count} entries; {index.CacheNote})");
    cacheFile = index.CachePath;
    sw.Restart();
    CType? t = cold.FindType("struct task_struct");
    double find = Ms(sw);
    var s = (StructType)t!;
    int members = s.Members.Count;
    double built = Ms(sw);
    Console.WriteLine($"first open: FindType(\"struct task_struct\") {find:F2} ms, members ({members}) {built - find:F2} ms; sizeof {s.Size}");
}

// Second open in the same process: maps the cache.
sw.Restart();
using (SymbolFile warm = SymbolFile.Open(path, options))
{
    double open = Ms(sw);
    NameIndex index = warm.Index;
    double loaded = Ms(sw);
    Console.WriteLine($"second open: open {open:F1} ms, index {loaded - open:F1} ms (from cache: {index.LoadedFromCache}; {index.CacheNote})");
    sw.Restart();
    var s = (StructType)warm.FindType("struct task_struct")!;
    double find = Ms(sw);
    int members = s.Members.Count;
    double built = Ms(sw);
    MemberLookup pid = s.FindMember("pid")!.Value;
    Console.WriteLine($"second open: FindType {find:F2} ms, members ({members}) {built - find:F2} ms, offsetof(pid) {pid.Offset}");
    sw.Restart();
    int symbols = warm.Symbols.Count;
    Console.WriteLine($"second open: ELF symbol table ({symbols} symbols, {warm.Symbols.AddressIndexCount} addresses) {Ms(sw):F1} ms");
    sw.Restart();
    Variable? jiffies = warm.FindVariable("jiffies");
    Console.WriteLine($"second open: FindVariable(\"jiffies\") {Ms(sw):F2} ms -> 0x{jiffies?.Address:x} {jiffies?.Type}");
    if (warm.Symbols.TryFind("schedule", out ElfSymbol schedule))
    {
        sw.Restart();
        var where = warm.FindSourceLine(schedule.Address);
        double first = Ms(sw);
        sw.Restart();
        where = warm.FindSourceLine(schedule.Address + 0x10);
        Console.WriteLine($"second open: FindSourceLine(schedule) first {first:F1} ms (address map + one line program), next {Ms(sw):F3} ms -> {where}");
    }
    foreach (string name in show)
    {
        CType? t = warm.FindType(name);
        Console.WriteLine($"{name}: {t} size {t?.Size}");
        if (t?.Underlying() is StructType st)
        {
            foreach (Member m in st.Members)
                Console.WriteLine($"  {m.Offset,6} {TypeNameFormatter.Declaration(m.Type, m.Name ?? "")}{(m.IsBitField ? $" : {m.BitSize} (bit {m.BitOffset})" : "")}");
        }
    }
}
Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MiB; GC heap peak-ish: {GC.GetGCMemoryInfo().HeapSizeBytes / (1024 * 1024)} MiB");
if (cacheFile != null && cacheDir.Contains("crashdive-bench-"))
    Directory.Delete(cacheDir, recursive: true);
return 0;
