using System.Diagnostics;

namespace Crashdive.Cli;

/// <summary>
/// CRASHDIVE_TIMING=1: one line on standard error after start-up and after each command line:
/// wall time of the step and since the process started, CPU time, bytes allocated by the
/// managed heap so far, peak resident memory, and the DWARF name index's state (cache hit or
/// scan and its time). For profiling the start-up path without a profiler; off by default.
/// </summary>
public sealed partial class Session
{
    private static readonly bool TimingEnabled = Environment.GetEnvironmentVariable("CRASHDIVE_TIMING") is "1";
    private long _timingMark = Stopwatch.GetTimestamp();

    /// <summary>Writes a timing line for the step just finished when CRASHDIVE_TIMING=1.</summary>
    private void TraceTiming(string step)
    {
        if (!TimingEnabled)
            return;
        long now = Stopwatch.GetTimestamp();
        var process = Process.GetCurrentProcess();
        double sinceStart = (DateTime.Now - process.StartTime).TotalMilliseconds;
        string index = "index not opened";
        if (Kernel.Vmlinux is { IsIndexOpened: true } v)
            index = $"index {v.Index.Count} entries, {(v.Index.LoadedFromCache ? "from cache" : $"scanned in {v.Index.BuildTime.TotalMilliseconds:F0} ms")}";
        _io.Err.WriteLine(
            $"timing: {step}: {Stopwatch.GetElapsedTime(_timingMark, now).TotalMilliseconds:F0} ms, {sinceStart:F0} ms since start, " +
            $"CPU {process.TotalProcessorTime.TotalMilliseconds:F0} ms, allocated {GC.GetTotalAllocatedBytes() >> 20} MiB, " +
            $"GC committed {GC.GetGCMemoryInfo().TotalCommittedBytes >> 20} MiB, peak RSS {process.PeakWorkingSet64 >> 20} MiB; {index}");
        _io.Err.Flush();
        _timingMark = Stopwatch.GetTimestamp();
    }
}
