using System.Globalization;
using System.Text.RegularExpressions;

namespace Crashdive.Tests;

public static partial class Fixtures
{
    /// <summary>One row of the ground truth's <c>--- status</c> section: a process and its /proc/PID/status figures.</summary>
    public sealed record ProcStatus(int Pid, string Comm, IReadOnlyDictionary<string, long> Fields)
    {
        /// <summary>A field in kB (or a count for Threads), or null when the process has none (kernel threads).</summary>
        public long? this[string name] => Fields.TryGetValue(name, out long v) ? v : null;
    }

    public sealed partial class Truth
    {
        /// <summary>
        /// Every process of the <c>--- status</c> section (VmSize, VmRSS, RssAnon, RssFile, RssShmem in kB, and
        /// Threads), by PID.
        /// </summary>
        public IReadOnlyDictionary<int, ProcStatus> ProcStatuses()
        {
            var result = new Dictionary<int, ProcStatus>();
            foreach (string row in Section("status"))
            {
                var m = StatusRow().Match(row);
                if (!m.Success)
                    continue;
                int pid = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                var fields = new Dictionary<string, long>(StringComparer.Ordinal);
                foreach (Match f in StatusField().Matches(m.Groups[3].Value))
                    fields[f.Groups[1].Value] = long.Parse(f.Groups[2].Value, CultureInfo.InvariantCulture);
                result[pid] = new ProcStatus(pid, m.Groups[2].Value, fields);
            }
            if (result.Count == 0)
                Assert.Fail($"{Source}: the status section has no rows");
            return result;
        }

        /// <summary>The guest's /proc/meminfo, in kB (counts for the HugePages_ lines), by name.</summary>
        public IReadOnlyDictionary<string, long> Meminfo() => NameValues("/proc/meminfo", MeminfoLine());

        /// <summary>The guest's /proc/vmstat, by name.</summary>
        public IReadOnlyDictionary<string, long> Vmstat() => NameValues("/proc/vmstat", VmstatLine());

        /// <summary>The addresses <c>ip addr</c> printed for each interface (IPv4 and IPv6, without the prefix length).</summary>
        public IReadOnlyDictionary<string, IReadOnlyList<string>> InterfaceAddresses()
        {
            var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            List<string>? current = null;
            foreach (string line in Section("ip addr"))
            {
                var iface = IpInterface().Match(line);
                if (iface.Success)
                {
                    current = [];
                    result[iface.Groups[1].Value] = current;
                    continue;
                }
                var addr = IpAddress().Match(line);
                if (addr.Success && current is not null)
                    current.Add(addr.Groups[1].Value);
            }
            return result.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value);
        }

        private Dictionary<string, long> NameValues(string section, Regex line)
        {
            var d = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (string row in Section(section))
            {
                var m = line.Match(row);
                if (m.Success)
                    d[m.Groups[1].Value] = long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            }
            return d;
        }

        [GeneratedRegex(@"^(\d+) (.*?) ?((?:(?:VmSize|VmRSS|RssAnon|RssFile|RssShmem|Threads): +\d+(?: kB)? *)*)$")]
        private static partial Regex StatusRow();

        [GeneratedRegex(@"(\w+): +(\d+)")]
        private static partial Regex StatusField();

        [GeneratedRegex(@"^(\w+(?:\(\w+\))?):\s+(\d+)(?: kB)?$")]
        private static partial Regex MeminfoLine();

        [GeneratedRegex(@"^(\w+) (-?\d+)$")]
        private static partial Regex VmstatLine();

        [GeneratedRegex(@"^\d+: ([^:@ ]+)(?:@\S+)?: <")]
        private static partial Regex IpInterface();

        [GeneratedRegex(@"^\s+inet6? ([0-9a-f.:]+)/\d+")]
        private static partial Regex IpAddress();
    }
}
