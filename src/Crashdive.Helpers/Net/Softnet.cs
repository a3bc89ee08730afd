using Crashdive.Kernel;

namespace Crashdive.Helpers.Net;

/// <summary>Per-CPU receive backlogs (<c>softnet_data</c>): packets a CPU has taken in but not yet processed.</summary>
public static class Softnet
{
    /// <summary>
    /// Each CPU's <c>softnet_data.input_pkt_queue</c> and <c>process_queue</c> (<c>struct sk_buff_head</c>), for
    /// every CPU whose per-cpu area is set up.
    /// </summary>
    public static IEnumerable<(int Cpu, string Name, KObject Head)> Backlogs(KernelProgram kernel)
    {
        KObject sd = kernel.Variable("softnet_data");
        int cpus = Percpu.Percpu.Of(kernel).CpuCount;
        // Percpu counts CPUs through the cpu_number per-cpu variable, which 6.2+ moved into pcpu_hot:
        // there, nr_cpu_ids (possible CPUs, each with a per-cpu area) gives the count.
        if (cpus == 0 && kernel.FindVariable("nr_cpu_ids") is KObject nr)
            cpus = (int)Math.Min(nr.ToUInt64(), (ulong)KernelProgram.MaxCpus);
        for (int cpu = 0; cpu < cpus; cpu++)
        {
            KObject mine = sd.PerCpu(cpu);
            yield return (cpu, "input_pkt_queue", mine.Member("input_pkt_queue"));
            yield return (cpu, "process_queue", mine.Member("process_queue"));
        }
    }
}
