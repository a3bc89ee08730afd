using System.Text.RegularExpressions;
using Crashdive.Cli.Prompt;
using Crashdive.Kernel;
using Crashdive.Tests.Commands;

namespace Crashdive.Tests.Prompt;

/// <summary>Tab after a dot offers the members of the struct (a type for struct/union/*, else a variable's type), as the debuginfo has them.</summary>
public sealed partial class MemberCompletionTests
{
    private sealed class NoSymbols : ISymbolNameProvider
    {
        public IReadOnlyList<string> NamesStartingWith(string prefix, int max) => [];
    }

    [Fact]
    public void MembersOfAStructAndOfAVariableMatchCrashsListing()
    {
        const string dump = "kdump/vmcore.kdump-zlib";
        string crash = CrashReference.Run(Fixtures.Path("kernel/vmlinux"), Fixtures.Path(dump), ["struct net -o"])[0];
        // Top-level members: "    [16] int ifindex;" / "  [152] struct list_head dev_base_head;" (no nested anonymous members in struct net)
        var expected = MemberLine().Matches(crash).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal).ToList();
        Assert.Contains("gen", expected);

        using KernelProgram kernel = Fixtures.OpenKernel(dump);
        var c = new PromptCompletion(() => ["struct", "p"], new NoSymbols(), new DwarfMemberNameProvider(kernel));
        Assert.Equal(expected.Select(m => "net." + m), c.GetCompletions("struct ", "net.", "")!);
        Assert.Equal(expected.Where(m => m.StartsWith("ge", StringComparison.Ordinal)).Select(m => "init_net." + m), c.GetCompletions("p ", "init_net.ge", "")!);
        // Through a pointer member and an anonymous union: net_generic's s (len, rcu) and ptr.
        Assert.Equal(["init_net.gen.ptr"], c.GetCompletions("p ", "init_net.gen.p", "")!);
        Assert.Equal(["init_net.gen.s.len"], c.GetCompletions("p ", "init_net.gen.s.l", "")!);
        Assert.Null(c.GetCompletions("struct ", "no_such_struct_xyz.a", ""));
        Assert.Null(c.GetCompletions("p ", "init_net.nosuchmember.a", ""));
    }

    [Fact]
    public void TypeNamesAfterStructUnionAndWhatisAreTheDebuginfosOwn()
    {
        using KernelProgram kernel = Fixtures.OpenKernel("kdump/vmcore.kdump-zlib");
        var c = new PromptCompletion(() => ["struct", "union", "whatis"], new NoSymbols(), new DwarfMemberNameProvider(kernel));
        var structs = c.GetCompletions("struct ", "task_s", "")!.ToList();
        Assert.Contains("task_struct", structs);
        Assert.All(structs, n => Assert.StartsWith("task_s", n));
        Assert.All(structs, n => Assert.NotNull(kernel.FindType("struct " + n)));
        Assert.Equal(structs.Order(StringComparer.Ordinal), structs);
        // union tags only after union; typedefs (pid_t) after whatis
        var unions = c.GetCompletions("union ", "bpf_", "")!.ToList();
        Assert.Contains("bpf_attr", unions);
        Assert.All(unions, n => Assert.NotNull(kernel.FindType("union " + n)));
        Assert.Null(c.GetCompletions("union ", "task_s", ""));
        Assert.Contains("pid_t", c.GetCompletions("whatis ", "pid_", "")!);
        Assert.Null(c.GetCompletions("struct ", "no_such_struct_xyz", ""));
    }

    [GeneratedRegex(@"(?m)^\s+\[\d+\] [^;]*?\**(\w+)(?:\[\d*\])*;$")]
    private static partial Regex MemberLine();
}
