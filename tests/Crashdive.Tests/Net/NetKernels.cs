using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Crashdive.Kernel;

namespace Crashdive.Tests.Net;

/// <summary>The fixture kernels the network tests share (opened once, with the vmlinux), and the workload facts from ground truth.</summary>
public sealed partial class NetKernels : IDisposable
{
    /// <summary>Prefix of a dump of the 6.12 fixture kernel (a sibling of the current fixtures).</summary>
    public const string Linux612 = "6.12:";

    /// <summary>
    /// One dump of each fixture case (the kdump capture, the QEMU dump of the other boot) and the 6.12 kernel's
    /// kdump ELF (its kdump-compressed twin lacks slab pages makedumpfile left out; crash cannot open 6.12).
    /// </summary>
    public static TheoryData<string> Dumps => new() { "kdump/vmcore.kdump-zlib", "qemu/vmcore.elf", Linux612 + "kdump/vmcore.elf" };

    /// <summary>
    /// The fixture directory of the 6.12 kernel (<see cref="Fixtures.Root612"/>); fails the test when there is none.
    /// </summary>
    public static string Root612() => Fixtures.Path612(".");

    /// <summary>The full path of a fixture file of <paramref name="dump"/>'s kernel (<paramref name="relative"/> to its fixture directory).</summary>
    public static string PathOf(string dump, string relative) =>
        dump.StartsWith(Linux612, StringComparison.Ordinal) ? Path.Combine(Root612(), relative) : Fixtures.Path(relative);

    /// <summary>The ground truth of the run that made <paramref name="dump"/>.</summary>
    public static Fixtures.Truth TruthOf(string dump)
    {
        if (!dump.StartsWith(Linux612, StringComparison.Ordinal))
            return Fixtures.GroundTruthOf(dump);
        string rel = dump[Linux612.Length..];
        string path = PathOf(dump, rel[..rel.IndexOf('/')] + "/ground-truth.txt");
        return Fixtures.Truth.Parse(File.ReadAllLines(path), path);
    }

    private readonly ConcurrentDictionary<string, Lazy<KernelProgram>> _open = new();

    public KernelProgram Get(string dump) => _open.GetOrAdd(dump, d => new(() => d.StartsWith(Linux612, StringComparison.Ordinal)
        ? new KernelProgram(Crashdive.Dumps.DumpOpener.Open(PathOf(d, d[Linux612.Length..])), Crashdive.Symbols.SymbolFile.Open(PathOf(d, "kernel/vmlinux")))
        : Fixtures.OpenKernel(d))).Value;

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
