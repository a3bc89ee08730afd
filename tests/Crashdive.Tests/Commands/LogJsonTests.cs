using System.Globalization;
using System.Text;
using System.Text.Json;
using Crashdive.Tests.Scripting;

namespace Crashdive.Tests.Commands;

/// <summary>
/// <c>log --json</c>: every record as one JSON object; laid out again here the way crash prints a
/// record (timestamp, text, continuation lines indented), the records give crash 8.0.2's <c>log</c>
/// output byte for byte, so no field is lost or altered.
/// </summary>
public sealed class LogJsonTests
{
    [Fact]
    public void RecordsRebuildCrashsLog()
    {
        const string dump = "kdump/vmcore.kdump-zlib";
        using var s = new ScriptSession(dump);
        string json = s.RunOk("log --json");
        var rebuilt = new StringBuilder();
        int records = 0;
        foreach (string line in json.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            records++;
            Assert.InRange(r.GetProperty("level").GetInt32(), 0, 7);
            Assert.Matches("^[TC][0-9]+$", r.GetProperty("caller").GetString());
            if (r.GetProperty("text").ValueKind == JsonValueKind.Null)
            {
                rebuilt.Append('\n');
                continue;
            }
            ulong ns = r.GetProperty("timestamp_ns").GetUInt64();
            string prefix = string.Create(CultureInfo.InvariantCulture, $"[{ns / 1_000_000_000,5}.{ns % 1_000_000_000 / 1000:D6}] ");
            rebuilt.Append(prefix);
            foreach (char c in r.GetProperty("text").GetString()!)
                rebuilt.Append(c == '\n' ? "\n" + new string(' ', prefix.Length) : c is >= ' ' and <= '~' or >= '\t' and <= '\r' ? c.ToString() : ".");
            rebuilt.Append('\n');
        }
        Assert.True(records > 100);
        Assert.Equal(Fixtures.CrashReference(dump, "log"), rebuilt.ToString());
        // Sequence numbers are consecutive from the first record kept.
        var seqs = json.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("seq").GetUInt64()).ToList();
        Assert.Equal(Enumerable.Range(0, seqs.Count).Select(i => seqs[0] + (ulong)i), seqs);
    }

    [Fact]
    public void CommandsWithoutJsonSaySo()
    {
        using var s = new ScriptSession();
        var (ok, _, err) = s.Run("sym --json jiffies");
        Assert.False(ok);
        Assert.StartsWith("sym: --json is not offered by this command\nUsage:\n", err);
    }
}
