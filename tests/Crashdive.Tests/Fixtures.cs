using System.Text.RegularExpressions;
using System.Globalization;
using Xunit;

namespace Crashdive.Tests;

/// <summary>
/// The real fixture dumps made by fixtures/build.sh: the directory named by CRASHDIVE_FIXTURES,
/// or ~/.cache/crashdive/fixtures/current. A missing fixture fails the test with a message
/// saying how to make it; it is never skipped silently.
/// </summary>
public static partial class Fixtures
{
    /// <summary>The fixture directory.</summary>
    public static string Root =>
        Environment.GetEnvironmentVariable("CRASHDIVE_FIXTURES") is { Length: > 0 } root
            ? root
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "crashdive", "fixtures", "current");

    /// <summary>The full path of <paramref name="relative"/> (e.g. <c>kdump/vmcore.elf</c>); fails the test when it is absent.</summary>
    public static string Path(string relative)
    {
        string path = System.IO.Path.Combine(Root, relative);
        if (!File.Exists(path) && !Directory.Exists(path))
            Assert.Fail($"fixture missing: {path}; run fixtures/build.sh (or point CRASHDIVE_FIXTURES at a fixture directory)");
        return path;
    }

    /// <summary>The ground truth of one fixture case (<c>kdump</c> or <c>qemu</c>): what the guest printed about itself just before it panicked.</summary>
    public static Truth GroundTruth(string fixtureCase)
    {
        string path = Path($"{fixtureCase}/ground-truth.txt");
        return Truth.Parse(File.ReadAllLines(path), path);
    }

    /// <summary>The ground truth of the run that made dump <paramref name="dumpRelative"/> (e.g. <c>kdump/vmcore.elf</c>).</summary>
    public static Truth GroundTruthOf(string dumpRelative) => GroundTruth(dumpRelative[..dumpRelative.IndexOf('/')]);

    /// <summary>One row of the guest's <c>ps -o pid,ppid,comm</c>.</summary>
    public sealed record Process(int Pid, int Ppid, string Comm);

    /// <summary>
    /// A parsed ground-truth.txt: <c>FX ...</c> lines of the workload, then between
    /// FX-GROUND-TRUTH-BEGIN and FX-GROUND-TRUTH-END a few <c>key: value</c> lines and sections
    /// that start with <c>--- NAME</c> (see fixtures/README.md).
    /// </summary>
    public sealed partial class Truth
    {
        private readonly Dictionary<string, List<string>> _sections;

        private Truth(string source, IReadOnlyList<string> lines, Dictionary<string, List<string>> sections, string release)
        {
            Source = source;
            Lines = lines;
            _sections = sections;
            Release = release;
            FxLines = lines.Where(l => l.StartsWith("FX ", StringComparison.Ordinal)).ToArray();
            Processes = ParseProcesses(Section("ps"));
            Modules = Section("lsmod").Skip(1).Select(l => l.Split(' ', 2)[0]).Where(m => m.Length > 0).ToArray();
            Kallsyms = ParseKallsyms(Section("kallsyms"));
            // uname -a: "uname: Linux NODENAME RELEASE VERSION... MACHINE OS"
            string[] uname = (lines.FirstOrDefault(l => l.StartsWith("uname: ", StringComparison.Ordinal)) ?? "")
                .Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (uname.Length >= 7)
            {
                Nodename = uname[2];
                UnameVersion = string.Join(' ', uname[4..^2]);
                Machine = uname[^2];
            }
            // one cpuhp/N kthread per possible CPU
            Cpus = Processes.Select(p => CpuhpThread().Match(p.Comm)).Where(m => m.Success).Select(m => m.Groups[1].Value).Distinct().Count();
            MemTotalKb = lines.Select(l => MemTotal().Match(l)).Where(m => m.Success)
                .Select(m => ulong.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).FirstOrDefault();
        }

        /// <summary><c>uname -n</c> of the guest, or empty.</summary>
        public string Nodename { get; } = "";

        /// <summary><c>uname -v</c> of the guest, or empty.</summary>
        public string UnameVersion { get; } = "";

        /// <summary><c>uname -m</c> of the guest, or empty.</summary>
        public string Machine { get; } = "";

        /// <summary>Possible CPUs of the guest: its <c>cpuhp/N</c> kernel threads.</summary>
        public int Cpus { get; }

        /// <summary>MemTotal from the guest's /proc/meminfo, in KiB (0 when absent).</summary>
        public ulong MemTotalKb { get; }

        [GeneratedRegex(@"^cpuhp/(\d+)$")]
        private static partial Regex CpuhpThread();

        [GeneratedRegex(@"^MemTotal:\s+(\d+) kB")]
        private static partial Regex MemTotal();

        /// <summary>The file this was read from.</summary>
        public string Source { get; }

        /// <summary>Every line of the file.</summary>
        public IReadOnlyList<string> Lines { get; }

        /// <summary>The guest's <c>uname -r</c>.</summary>
        public string Release { get; }

        /// <summary>The <c>FX ...</c> lines, in the order the guest printed them.</summary>
        public IReadOnlyList<string> FxLines { get; }

        /// <summary>
        /// The guest's processes at the time of the panic (the <c>ps</c> section without the row of
        /// <c>ps</c> itself, which had exited by then).
        /// </summary>
        public IReadOnlyList<Process> Processes { get; }

        /// <summary>Names of the loaded modules (<c>lsmod</c>).</summary>
        public IReadOnlyList<string> Modules { get; }

        /// <summary>The few /proc/kallsyms symbols the guest printed (KASLR applied), by name.</summary>
        public IReadOnlyDictionary<string, ulong> Kallsyms { get; }

        /// <summary>The KASLR offset from the panic's "Kernel Offset:" line (QEMU case only; kdump jumps to the capture kernel before printing it).</summary>
        public ulong? KernelOffset =>
            Lines.FirstOrDefault(l => l.StartsWith("Kernel Offset: 0x", StringComparison.Ordinal)) is { } line
                ? ulong.Parse(line["Kernel Offset: 0x".Length..].Split(' ')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture)
                : null;

        /// <summary>The lines of section <c>--- <paramref name="name"/></c>; fails the test when there is none.</summary>
        public IReadOnlyList<string> Section(string name)
        {
            if (!_sections.TryGetValue(name, out var lines))
                Assert.Fail($"{Source}: no section '--- {name}'");
            return lines;
        }

        /// <summary>The one process named <paramref name="comm"/>; fails the test unless there is exactly one.</summary>
        public Process Single(string comm)
        {
            var found = Processes.Where(p => p.Comm == comm).ToArray();
            if (found.Length != 1)
                Assert.Fail($"{Source}: {found.Length} processes named {comm}, expected 1");
            return found[0];
        }

        /// <summary>Parses the lines of a ground-truth.txt; <paramref name="source"/> names it in failures.</summary>
        public static Truth Parse(IReadOnlyList<string> lines, string source)
        {
            int begin = IndexOf(lines, "FX-GROUND-TRUTH-BEGIN", source);
            int end = IndexOf(lines, "FX-GROUND-TRUTH-END", source);
            if (end < begin)
                Assert.Fail($"{source}: FX-GROUND-TRUTH-END before FX-GROUND-TRUTH-BEGIN");
            var sections = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            List<string>? current = null;
            string? release = null;
            for (int i = begin + 1; i < end; i++)
            {
                string line = lines[i];
                if (line.StartsWith("--- ", StringComparison.Ordinal))
                {
                    current = [];
                    sections[line[4..]] = current;
                }
                else if (current is not null)
                    current.Add(line);
                else if (line.StartsWith("release: ", StringComparison.Ordinal))
                    release = line["release: ".Length..].Trim();
                else if (release is null && line.StartsWith("uname: ", StringComparison.Ordinal))
                    release = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(3); // uname: Linux NODE RELEASE ...
            }
            if (string.IsNullOrEmpty(release))
                Assert.Fail($"{source}: no release: line");
            return new Truth(source, lines, sections, release);
        }

        private static int IndexOf(IReadOnlyList<string> lines, string marker, string source)
        {
            for (int i = 0; i < lines.Count; i++)
                if (lines[i] == marker)
                    return i;
            Assert.Fail($"{source}: no {marker} line (an incomplete fixture run?)");
            return -1;
        }

        private static Process[] ParseProcesses(IReadOnlyList<string> rows)
        {
            var list = new List<Process>();
            foreach (string row in rows)
            {
                string[] t = row.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (t.Length == 3
                    && int.TryParse(t[0], NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                    && int.TryParse(t[1], NumberStyles.None, CultureInfo.InvariantCulture, out int ppid)
                    && t[2] != "ps")
                    list.Add(new Process(pid, ppid, t[2]));
            }
            return list.ToArray();
        }

        private static Dictionary<string, ulong> ParseKallsyms(IReadOnlyList<string> rows)
        {
            var symbols = new Dictionary<string, ulong>(StringComparer.Ordinal);
            foreach (string row in rows)
            {
                // "ffffffffb2200000 T _stext", module symbols end with "\t[module]"
                string[] t = row.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                if (t.Length >= 3 && ulong.TryParse(t[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong address))
                    symbols[t[2]] = address;
            }
            return symbols;
        }
    }
}
