using Crashdive.Dumps;
using Crashdive.Kernel;

namespace Crashdive.Tests.Commands;

/// <summary>
/// Addresses in one fixture dump that the memory-command tests use, found from the dump's own
/// VMCOREINFO, ELF layout and kallsyms (never hard-coded: KASLR moves them on every boot).
/// </summary>
public sealed class DumpFacts
{
    private DumpFacts(KernelProgram k)
    {
        var vi = k.VmcoreInfo ?? throw new InvalidOperationException("fixture dump has no VMCOREINFO");
        var ks = k.Kallsyms;
        Banner = ks.Lookup("linux_banner") ?? throw new InvalidOperationException("no linux_banner in kallsyms");
        BannerPhys = k.Layout.TextToPhysical(Banner);
        PageOffset = k.Regions.PageOffset;
        EndPhys = k.Dump.MaxPfn * (ulong)k.Dump.PageSize;
        // the first vmap_area on vmap_area_list: a vmalloc address the page tables map
        ulong head = vi.Symbol("vmap_area_list")!.Value;
        ulong first = k.Memory.ReadPointer(head + (ulong)vi.Offset("list_head.next")!.Value);
        VmallocMapped = k.Memory.ReadPointer(first - (ulong)vi.Offset("vmap_area.list")!.Value + (ulong)vi.Offset("vmap_area.va_start")!.Value);
        ModulesStart = k.Regions.ModulesStart;
        CpuNumber = ks.Lookup("cpu_number") ?? throw new InvalidOperationException("no cpu_number in kallsyms");
    }

    /// <summary>Address of <c>linux_banner</c>.</summary>
    public ulong Banner { get; }

    /// <summary>Physical address of <c>linux_banner</c> by the kernel-text formula (VMCOREINFO phys_base).</summary>
    public ulong BannerPhys { get; }

    /// <summary>Base of the direct map.</summary>
    public ulong PageOffset { get; }

    /// <summary>First physical address past the dump's last page.</summary>
    public ulong EndPhys { get; }

    /// <summary>A mapped vmalloc address (the first vmap_area's start).</summary>
    public ulong VmallocMapped { get; }

    /// <summary>Start of the module area.</summary>
    public ulong ModulesStart { get; }

    /// <summary>The per-cpu offset of <c>cpu_number</c>.</summary>
    public ulong CpuNumber { get; }

    /// <summary>Computes the facts of <paramref name="kernel"/>.</summary>
    public static DumpFacts Of(KernelProgram kernel) => new(kernel);

    /// <summary>Replaces <c>{name}</c> and <c>{name+N}</c>/<c>{name-N}</c> (N hexadecimal) placeholders with hexadecimal values.</summary>
    public string Expand(string template)
    {
        var values = new Dictionary<string, ulong>
        {
            ["banner"] = Banner,
            ["banner_phys"] = BannerPhys,
            ["banner_direct"] = PageOffset + BannerPhys,
            ["end_phys"] = EndPhys,
            ["end_direct"] = PageOffset + EndPhys,
            ["vmalloc"] = VmallocMapped,
            ["modules"] = ModulesStart,
            ["cpu_number"] = CpuNumber,
        };
        return System.Text.RegularExpressions.Regex.Replace(template, @"\{(\w+)(?:([+-])([0-9a-f]+))?\}", m =>
        {
            ulong v = values[m.Groups[1].Value];
            if (m.Groups[2].Success)
            {
                ulong d = Convert.ToUInt64(m.Groups[3].Value, 16);
                v = m.Groups[2].Value == "+" ? v + d : v - d;
            }
            return v.ToString("x");
        });
    }
}
