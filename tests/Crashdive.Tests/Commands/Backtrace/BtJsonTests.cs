using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Crashdive.Tests.Scripting;

namespace Crashdive.Tests.Commands.Backtrace;

/// <summary>
/// <c>bt --json</c> and the Lua <c>kernel.backtrace</c>: the same frames as the text <c>bt -l</c> of the panic
/// task of the module-oops case (which has an exception frame, module frames and an IRQ stack).
/// </summary>
public sealed partial class BtJsonTests
{
    private const string Dump = "oops/vmcore.kdump-zlib";

    private sealed record TextFrame(int Level, string Sp, string Pc, string Function, string? Module, string? FileLine, string? Rip);

    [GeneratedRegex(@"^ ?#(\d+) \[([0-9a-f]+)\] (\S+) at ([0-9a-f]+)(?: \[(\S+)\])?$")]
    private static partial Regex FrameLine();

    private static List<TextFrame> TextFrames(string bt)
    {
        var lines = bt.Split('\n');
        var frames = new List<TextFrame>();
        for (int i = 0; i < lines.Length; i++)
        {
            if (FrameLine().Match(lines[i]) is not { Success: true } m)
                continue;
            string? fileLine = i + 1 < lines.Length && Regex.IsMatch(lines[i + 1], @"^    \S+: \d+$") ? lines[i + 1].Trim() : null;
            string? rip = null;
            for (int j = i + 1; j < lines.Length && !FrameLine().IsMatch(lines[j]); j++)
            {
                if (Regex.Match(lines[j], @"^    RIP: ([0-9a-f]{16})") is { Success: true } r)
                    rip = r.Groups[1].Value.TrimStart('0');
            }
            frames.Add(new TextFrame(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m.Groups[2].Value, m.Groups[4].Value,
                m.Groups[3].Value, m.Groups[5].Success ? m.Groups[5].Value : null, fileLine, rip));
        }
        return frames;
    }

    [Fact]
    public void JsonAndLuaFramesAreTheTextFrames()
    {
        using var s = new ScriptSession(Dump);
        s.RunOk($"mod -s fxoops {Fixtures.Path("kernel/modules/fxoops.ko")}");
        var text = TextFrames(s.RunOk("bt -l"));
        Assert.Contains(text, f => f.Module == "fxoops");
        Assert.Contains(text, f => f.Rip != null);

        var rows = s.RunOk("bt --json").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var task = Assert.Single(rows);
        var root = JsonDocument.Parse(task).RootElement;
        string header = s.RunOk("bt").Split('\n')[0];
        Assert.Equal($"PID: {root.GetProperty("pid").GetInt32(),-7}  TASK: {root.GetProperty("task").GetString()}", header[..(header.IndexOf("  CPU", StringComparison.Ordinal))]);
        var frames = root.GetProperty("frames").EnumerateArray().ToList();
        Assert.Equal(text.Count, frames.Count);
        for (int i = 0; i < text.Count; i++)
        {
            var t = text[i];
            var j = frames[i];
            Assert.Equal(t.Level, j.GetProperty("level").GetInt32());
            Assert.Equal(t.Sp, j.GetProperty("sp").GetString());
            Assert.Equal(t.Pc, j.GetProperty("pc").GetString());
            Assert.Equal(t.Function, j.GetProperty("function").GetString());
            Assert.Equal(t.Module, j.GetProperty("module").GetString());
            Assert.Equal(t.FileLine, j.GetProperty("file").GetString() is string f ? $"{f}: {j.GetProperty("line").GetInt32()}" : null);
            Assert.Equal(t.Rip, j.GetProperty("exception").ValueKind == JsonValueKind.Null ? null : j.GetProperty("exception").GetProperty("ip").GetString());
        }

        // by task address: the panic task may be an idle task, and pid 0 names every CPU's
        string lua = s.Lua($$"""
            for _, f in ipairs(kernel.backtrace(0x{{root.GetProperty("task").GetString()}})) do
              print(f.level, string.format("%x %x", f.sp, f.pc), f["function"], f.module or "-", f.file and (f.file .. ": " .. f.line) or "-",
                f.exception and string.format("%x", f.exception.ip) or "-")
            end
            """);
        var expected = text.Select(t => $"{t.Level}\t{t.Sp} {t.Pc}\t{t.Function}\t{t.Module ?? "-"}\t{t.FileLine ?? "-"}\t{t.Rip ?? "-"}");
        Assert.Equal(expected, lua.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
