using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Crashdive.Kernel;

namespace Crashdive.Tests.Net;

/// <summary>The fixture kernels the network tests share (opened once, with the vmlinux), and the workload facts from ground truth.</summary>
public sealed partial class NetKernels : IDisposable
{
    /// <summary>One dump of each fixture case: the kdump capture and the QEMU dump of the other boot.</summary>
    public static TheoryData<string> Dumps => new() { "kdump/vmcore.kdump-zlib", "qemu/vmcore.elf" };

    private readonly ConcurrentDictionary<string, Lazy<KernelProgram>> _open = new();

    public KernelProgram Get(string dump) => _open.GetOrAdd(dump, d => new(() => Fixtures.OpenKernel(d))).Value;

    public void Dispose()
    {
        foreach (var l in _open.Values)
        {
            if (l.IsValueCreated)
                l.Value.Dispose();
        }
    }

    /// <summary>The value of <c>key=VALUE</c> in the FX line that starts with <paramref name="prefix"/>.</summary>
    public static string Fx(Fixtures.Truth truth, string prefix, string key)
    {
        string line = truth.FxLines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"{truth.Source}: no FX line starting with '{prefix}'");
        var m = Regex.Match(line, $@"\b{Regex.Escape(key)}=(\S+)");
        if (!m.Success)
            Assert.Fail($"{truth.Source}: '{line}' has no {key}=");
        return m.Groups[1].Value;
    }

    /// <summary>Payloads of the FX lines <c>FX udp-send to ADDR payload=X</c>, in order.</summary>
    public static IReadOnlyList<string> UdpSent(Fixtures.Truth truth, string to) =>
        truth.FxLines.Where(l => l.StartsWith($"FX udp-send to {to} ", StringComparison.Ordinal))
            .Select(l => Payload().Match(l).Groups[1].Value).ToList();

    /// <summary>(id, payload) of the <c>FX nfq queued</c> lines, by id.</summary>
    public static IReadOnlyList<(int Id, string Payload)> NfqQueued(Fixtures.Truth truth) =>
        truth.FxLines.Where(l => l.StartsWith("FX nfq queued ", StringComparison.Ordinal))
            .Select(l => (int.Parse(Regex.Match(l, @"id=(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Payload().Match(l).Groups[1].Value))
            .OrderBy(x => x.Item1).ToList();

    [GeneratedRegex(@"payload=(\S+)")]
    private static partial Regex Payload();
}
