using System.Text.Json;
using Crashdive.Tests.Scripting;

namespace Crashdive.Tests.Commands;

/// <summary><c>ps --json</c> and <c>mod --json</c>: the same facts as the text commands, checked against the guest's ground truth.</summary>
public sealed class PsModJsonTests
{
    private static List<JsonElement> Rows(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    [Fact]
    public void PsRowsAreTheGuestsProcessesWithPsTextColumns()
    {
        const string dump = "kdump/vmcore.kdump-zlib";
        var truth = Fixtures.GroundTruthOf(dump);
        using var s = new ScriptSession(dump);
        var rows = Rows(s.RunOk("ps --json"));
        var byPid = rows.Where(r => r.GetProperty("pid").GetInt32() > 0).ToDictionary(r => r.GetProperty("pid").GetInt32());
        foreach (var p in truth.Processes)
        {
            Assert.True(byPid.TryGetValue(p.Pid, out var row), $"pid {p.Pid} ({p.Comm}) missing");
            Assert.Equal(p.Ppid, row.GetProperty("ppid").GetInt32());
            Assert.StartsWith(row.GetProperty("comm").GetString()!, p.Comm); // /proc adds a kworker's workqueue
        }
        // VSZ and RSS are the text ps's columns (KiB) for the same task.
        string text = s.RunOk("ps " + truth.Single("fx-holdfile").Pid);
        string[] cols = text.Split('\n')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var holdfile = byPid[truth.Single("fx-holdfile").Pid];
        Assert.Equal(cols[^3], holdfile.GetProperty("vsz_kb").GetUInt64().ToString());
        Assert.Equal(cols[^2], holdfile.GetProperty("rss_kb").GetUInt64().ToString());
        // One active task per CPU.
        Assert.Equal(truth.Cpus, rows.Count(r => r.GetProperty("active").GetBoolean()));
    }

    [Fact]
    public void ModRowsAreTheGuestsModulesAndShowLoadedDebuginfo()
    {
        const string dump = "kdump/vmcore.kdump-zlib";
        var truth = Fixtures.GroundTruthOf(dump);
        using var s = new ScriptSession(dump);
        var names = Rows(s.RunOk("mod --json")).Select(r => r.GetProperty("name").GetString()!).ToHashSet();
        Assert.Equal(truth.Modules.ToHashSet(), names);
        s.RunOk("mod -s nfnetlink_queue");
        var nfq = Rows(s.RunOk("mod --json")).Single(r => r.GetProperty("name").GetString() == "nfnetlink_queue");
        Assert.EndsWith("nfnetlink_queue.ko", nfq.GetProperty("debuginfo").GetString());
    }

    [Fact]
    public void ACommandWithoutJsonSaysSo()
    {
        using var s = new ScriptSession("kdump/vmcore.kdump-zlib");
        var (ok, _, err) = s.Run("sym --json jiffies");
        Assert.False(ok);
        Assert.Contains("--json is not offered by this command", err);
    }
}
