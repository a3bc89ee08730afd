using System.Diagnostics;
using Crashdive.Dumps;

namespace Crashdive.Bench;

/// <summary>
/// Throughput figures for the dump layer, printed, never asserted. bench/run.sh calls it beside
/// crash and drgn. <c>crashdive-bench pages DUMP...</c>: read and decompress every present page.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length < 2 || args[0] != "pages")
        {
            Console.Error.WriteLine("usage: crashdive-bench pages DUMP...");
            return 2;
        }
        Console.WriteLine($"{"dump",-40} {"format",-22} {"pages",9} {"faults",7} {"MiB",8} {"open ms",8} {"read s",7} {"MiB/s",8}");
        foreach (string path in args[1..])
            PagesOf(path);
        return 0;
    }

    private static void PagesOf(string path)
    {
        var open = Stopwatch.StartNew();
        DumpFile dump;
        try
        {
            dump = DumpOpener.Open(path);
        }
        catch (DumpFormatException e)
        {
            Console.WriteLine($"{Shorten(path),-40} refused: {e.Reason}");
            return;
        }
        open.Stop();
        using (dump)
        {
            var page = new byte[dump.PageSize];
            long pages = 0, faults = 0;
            ulong checksum = 0;
            var read = Stopwatch.StartNew();
            ulong max = dump.MaxPfn;
            for (ulong pfn = 0; pfn < max; pfn++)
            {
                if (dump.GetPageStatus(pfn) != PageStatus.Present)
                    continue;
                if (dump.TryReadPage(pfn, page) != null)
                {
                    faults++;
                    continue;
                }
                pages++;
                checksum += BitConverter.ToUInt64(page, 0) ^ BitConverter.ToUInt64(page, page.Length - 8);
            }
            read.Stop();
            double mib = pages * (double)dump.PageSize / (1 << 20);
            string fmt = dump.Format + (dump.IsFlattened ? " flattened" : "");
            Console.WriteLine($"{Shorten(path),-40} {fmt,-22} {pages,9} {faults,7} {mib,8:F1} {open.Elapsed.TotalMilliseconds,8:F1} {read.Elapsed.TotalSeconds,7:F2} {mib / read.Elapsed.TotalSeconds,8:F0}");
            GC.KeepAlive(checksum);
        }
    }

    private static string Shorten(string path)
    {
        string dir = Path.GetFileName(Path.GetDirectoryName(path) ?? "");
        return Path.Combine(dir, Path.GetFileName(path));
    }
}
