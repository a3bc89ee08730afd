namespace Crashdive.Tests.Scripting;

/// <summary>C# scripts (<c>csx</c>): the same objects as Lua's API, crash commands through the prompt, one-line errors with the script's line.</summary>
public sealed class CsxScriptTests
{
    [Fact]
    public void ScriptSeesTheKernelAndCommands()
    {
        var truth = Fixtures.GroundTruthOf(ScriptSession.Dump);
        int nfq = truth.Single("fx-nfq").Pid;
        using var s = new ScriptSession();
        string file = Path.Combine(Path.GetTempPath(), $"crashdive-{Guid.NewGuid():N}.csx");
        File.WriteAllText(file, """
            var net = Var("init_net");
            Print($"{net.Address:x} {Args[0]}");
            Print(Tasks().Single(t => t["pid"].ToInt64() == int.Parse(Args[1]))["comm"].ReadString());
            Out.Write(Exec("sym jiffies"));
            Print(ReadU64(0x10));
            """);
        try
        {
            var (ok, o, e) = s.Run($"csx {file} one {nfq}");
            Assert.False(ok);
            string initNet = s.Lua("print(string.format('%x', kernel.var('init_net'):address()))").TrimEnd('\n');
            Assert.Equal($"{initNet} one\nfx-nfq\n{s.RunOk("sym jiffies")}", o);
            Assert.Matches($"^csx: {System.Text.RegularExpressions.Regex.Escape(file)}:5: virtual address 10: .*\n$", e);
        }
        finally
        {
            File.Delete(file);
        }
        var (okc, _, ec) = s.Run("csx -e \"int x = ;\"");
        Assert.False(okc);
        Assert.Equal("csx: (command line):1: CS1525: Invalid expression term ';'\n", ec);
    }
}
