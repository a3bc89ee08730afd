using System.Diagnostics;
using Crashdive.Dumps;
using Crashdive.Tests.Support;

// Page-read throughput of the dump readers.
//
//   dotnet run -c Release --project bench/Crashdive.Bench -- [--rewrite DIR] DUMP...
//
// For each dump: every present page is read once to warm the page cache of the OS, then three
// timed passes read every present page again on one thread; the best pass is reported as MB/s of
// page data produced (MB = 10^6 bytes), with the bytes the reader allocated per page.
// --rewrite DIR first writes DIR/vmcore.kdump-{snappy,zstd,lzo} from the first DUMP (a kdump file)
// with the test-side KdumpWriter, and measures those too.

var files = new List<string>();
string? rewriteDir = null;
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--rewrite" && i + 1 < args.Length)
        rewriteDir = args[++i];
    else
        files.Add(args[i]);
}
if (files.Count == 0)
{
    Console.Error.WriteLine("usage: Crashdive.Bench [--rewrite DIR] DUMP...");
    return 2;
}
if (rewriteDir != null)
{
    Directory.CreateDirectory(rewriteDir);
    foreach (var codec in new[] { RewriteCodec.Snappy, RewriteCodec.Zstd, RewriteCodec.Lzo })
    {
        string output = Path.Combine(rewriteDir, "vmcore.kdump-" + codec.ToString().ToLowerInvariant());
        KdumpWriter.Rewrite(files[0], output, codec);
        files.Add(output);
    }
}

Console.WriteLine($"{"dump",-40} {"pages",8} {"MB/s",8} {"pages/s",10} {"alloc B/page",12}");
foreach (string file in files)
{
    using var dump = DumpOpener.Open(file);
    var present = new List<ulong>();
    for (ulong pfn = 0; pfn < dump.MaxPfn; pfn++)
        if (dump.GetPageStatus(pfn) == PageStatus.Present)
            present.Add(pfn);
    var page = new byte[dump.PageSize];
    foreach (ulong pfn in present)
        if (dump.TryReadPage(pfn, page) is { } fault)
            throw fault;
    double best = double.MaxValue;
    long allocated = 0;
    for (int pass = 0; pass < 3; pass++)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var sw = Stopwatch.StartNew();
        foreach (ulong pfn in present)
            dump.TryReadPage(pfn, page);
        sw.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        best = Math.Min(best, sw.Elapsed.TotalSeconds);
    }
    double bytes = (double)present.Count * dump.PageSize;
    Console.WriteLine($"{Path.GetFileName(file) + (dump.IsFlattened ? " (flattened)" : ""),-40} {present.Count,8} {bytes / best / 1e6,8:F0} {present.Count / best,10:F0} {allocated / Math.Max(1, present.Count),12}");
}
return 0;
