using Crashdive.Commands.Arguments;
using Crashdive.Helpers.Percpu;

namespace Crashdive.Commands.Memory;

/// <summary><c>ptov</c>: a physical address's direct-map virtual address, or a per-cpu offset's address on each CPU.</summary>
public sealed class PtovCommand : ICommand
{
    /// <summary>crash's synopsis.</summary>
    public const string Synopsis = "[address | offset:cpuspec]";

    private const int AddressWidth = 16;

    /// <inheritdoc/>
    public string Name => "ptov";

    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "ptov",
        Summary = "physical to virtual",
        Synopsis = Synopsis,
        Description = """
            Given a hexadecimal physical address, prints the virtual address through which the kernel's direct
            map reaches it. Given offset:cpuspec, the number is taken as a per-cpu offset (the value of a
            per-cpu symbol) and its address is printed for each CPU in the list. An empty cpu list (meaning the
            current task's CPU) is refused for now.
            """,
        Arguments =
        [
            new("address", "a physical address, hexadecimal"),
            new("offset:cpuspec", "a per-cpu offset and the CPUs: a number, a range 0-2, a list 1,3, or a / all"),
        ],
        Examples =
        [
            new("ptov 1000", "the direct-map address of physical 0x1000"),
            new("ptov 19160:a", "where per-cpu offset 0x19160 lands on every CPU"),
        ],
    };

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = new Getopt(Spec.Getopt).Parse(args);
        if (parsed.Errors.Count > 0)
            throw new CommandException(string.Join("\nptov: ", parsed.Errors) + "\n" + CrashText.Usage(Name, Synopsis));
        if (parsed.Words.Count == 0)
        {
            context.Out.Write(CrashText.Usage(Name, Synopsis) + "\n");
            return;
        }
        var output = context.Out;
        int shown = 0;
        foreach (string word in parsed.Words)
        {
            int colon = word.IndexOf(':');
            string number = colon < 0 ? word : word[..colon];
            string? cpuspec = colon < 0 ? null : word[(colon + 1)..];
            IReadOnlyList<int>? cpus = null;
            PercpuLayout? percpu = null;
            if (cpuspec != null)
            {
                if (cpuspec.Length == 0)
                    throw new CommandException($"{word}: an empty cpu list means the current task's CPU: task contexts are not supported yet");
                percpu = Percpu.Of(context.Kernel);
                cpus = CpuSpec.Parse(cpuspec, percpu.CpuCount);
            }
            ulong value = AddressExpression.ParseHex(number);
            if (percpu != null)
            {
                int width = $"[{percpu.CpuCount - 1}]".Length + 2;
                output.Write($"{(shown++ > 0 ? "\n" : "")}PER-CPU OFFSET: {value:x}\n");
                output.Write($"  {CrashText.LJust("CPU", width)}  {CrashText.LJust("VIRTUAL", AddressWidth)}\n");
                foreach (int cpu in cpus!)
                    output.Write($"  {CrashText.LJust($"[{cpu}]", width)}{unchecked(value + percpu.Offsets[cpu]):x}\n");
            }
            else
            {
                ulong virt = context.Kernel.Regions.PhysicalToDirect(value);
                output.Write($"{(shown++ > 0 ? "\n" : "")}{CrashText.LJust("VIRTUAL", AddressWidth)}  {CrashText.LJust("PHYSICAL", AddressWidth)}\n");
                output.Write($"{CrashText.LJust(virt.ToString("x"), AddressWidth)}  {CrashText.LJust(value.ToString("x"), AddressWidth)}\n");
            }
        }
    }
}
