using Crashdive.Commands;
using Crashdive.Kernel;

namespace Crashdive.Tests.Commands;

/// <summary>
/// Where crashdive refuses an option, its help says so, and the other way round: each option the declarations
/// call refused fails on a real dump, and each such option is in this table.
/// </summary>
public sealed class RefusedOptionsTests
{
    /// <summary>A command line using each refused option, and the option.</summary>
    public static TheoryData<string, string> Refused() => new()
    {
        { "rd -S linux_banner", "-S" },
        { "rd -m linux_banner", "-m" },
        { "vtop -u 1000", "-u" },
        { "vtop -c 1 linux_banner", "-c" },
        { "sym -M", "-M" },
        { "sym -s", "-s" },
        { "log -T", "-T" },
        { "log -a", "-a" },
        { "dis -u schedule", "-u" },
        { "whatis -r 8", "-r" },
        { "whatis -m list_head", "-m" },
        { "struct -p list_head", "-p" },
        { "struct -f list_head", "-f" },
        { "struct -u list_head", "-u" },
        { "struct -v list_head", "-v" },
        { "mount -f", "-f" },
        { "mount -i", "-i" },
        { "kmem -r", "-r" },
        { "kmem -c", "-c" },
        { "kmem -C", "-C" },
        { "kmem -l a", "-l" },
        { "kmem -L a", "-L" },
        { "bt -D file", "-D" },
        { "bt -A", "-A" },
        { "sig -R comm", "-R" },
        { "sys -panic", "-panic" },
    };

    // Options refused only in some cases: search -u for a kernel thread, bt -n for a value other than idle.
    private static readonly string[] Conditional = ["search -u", "bt -n"];

    private static readonly Dictionary<string, ICommand> Commands =
        CommandRegistry.CreateAll().ToDictionary(c => c.Name, StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Refused))]
    public void TheOptionFailsAndItsHelpSaysSo(string line, string flag)
    {
        string[] words = line.Split(' ');
        ICommand command = Commands[words[0]];
        var option = command.Spec.Options.Single(o => o.Flag == flag);
        Assert.Contains("refuse", option.Meaning, StringComparison.Ordinal);

        using KernelProgram kernel = Fixtures.OpenKernel("kdump/vmcore.kdump-zlib");
        var output = new StringWriter();
        Assert.ThrowsAny<CommandException>(() => command.Execute(new CommandContext(kernel, output), words[1..]));
    }

    [Fact]
    public void EveryOptionHelpCallsRefusedIsInTheTable()
    {
        var table = Refused().Select(r => $"{((string)r[0]).Split(' ')[0]} {(string)r[1]}").ToHashSet();
        foreach (var (name, command) in Commands)
        {
            foreach (var o in command.Spec.Options)
            {
                string key = $"{name} {o.Flag}";
                if (o.Meaning.Contains("refused", StringComparison.Ordinal) && !Conditional.Contains(key) && !name.StartsWith('*') && name != "union")
                    Assert.True(table.Contains(key), $"{key} is declared refused but not tried here");
            }
        }
    }
}
