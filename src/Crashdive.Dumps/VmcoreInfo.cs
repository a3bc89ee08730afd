using System.Globalization;

namespace Crashdive.Dumps;

/// <summary>
/// The VMCOREINFO text a kernel leaves for dump tools, decoded: <c>KEY=VALUE</c> lines such as
/// <c>OSRELEASE=</c>, <c>SYMBOL(name)=hex</c>, <c>SIZE(type)=dec</c>, <c>OFFSET(type.member)=dec</c>,
/// <c>LENGTH(name)=dec</c>, <c>NUMBER(name)=dec</c> (signed), <c>KERNELOFFSET=hex</c>.
/// Lines that do not parse are kept in <see cref="Malformed"/> and otherwise ignored.
/// </summary>
public sealed class VmcoreInfo
{
    /// <summary>Longest VMCOREINFO text accepted (the kernel's buffer is one page; be generous).</summary>
    public const int MaxLength = 1 << 20;

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly List<string> _malformed = [];

    private VmcoreInfo(string text) => Text = text;

    /// <summary>The text as the dump carries it.</summary>
    public string Text { get; }

    /// <summary>Lines that were not <c>KEY=VALUE</c>.</summary>
    public IReadOnlyList<string> Malformed => _malformed;

    /// <summary>All keys in the order they first appear.</summary>
    public IEnumerable<string> Keys => _values.Keys;

    /// <summary>Decodes <paramref name="text"/>; never throws. Text past <see cref="MaxLength"/> is ignored.</summary>
    public static VmcoreInfo Parse(string text)
    {
        var info = new VmcoreInfo(text);
        var span = text.AsSpan(0, Math.Min(text.Length, MaxLength));
        foreach (var range in span.Split('\n'))
        {
            var line = span[range].TrimEnd('\r');
            if (line.IsEmpty || line[0] == '\0')
                continue;
            int eq = line.IndexOf('=');
            if (eq <= 0)
            {
                info._malformed.Add(line.ToString());
                continue;
            }
            info._values.TryAdd(line[..eq].ToString(), line[(eq + 1)..].ToString());
        }
        return info;
    }

    /// <summary>The raw value of <paramref name="key"/> (e.g. <c>OSRELEASE</c>, <c>SYMBOL(_stext)</c>), or null.</summary>
    public string? Get(string key) => _values.TryGetValue(key, out var v) ? v : null;

    /// <summary>The kernel release, <c>OSRELEASE</c>.</summary>
    public string? OsRelease => Get("OSRELEASE");

    /// <summary>The kernel's build-id as hex, <c>BUILD-ID</c> (5.9+).</summary>
    public string? BuildId => Get("BUILD-ID");

    /// <summary><c>PAGESIZE</c>, or null.</summary>
    public long? PageSize => Decimal("PAGESIZE");

    /// <summary>KASLR displacement of the kernel text, <c>KERNELOFFSET</c> (hex), or null.</summary>
    public ulong? KernelOffset => Hex("KERNELOFFSET");

    /// <summary><c>CRASHTIME</c> as seconds since the epoch, or null.</summary>
    public long? CrashTime => Decimal("CRASHTIME");

    /// <summary>Run-time address of a kernel symbol: <c>SYMBOL(name)</c>.</summary>
    public ulong? Symbol(string name) => Hex($"SYMBOL({name})");

    /// <summary><c>SIZE(type)</c>.</summary>
    public long? Size(string type) => Decimal($"SIZE({type})");

    /// <summary><c>OFFSET(type.member)</c>.</summary>
    public long? Offset(string typeDotMember) => Decimal($"OFFSET({typeDotMember})");

    /// <summary><c>LENGTH(name)</c>.</summary>
    public long? Length(string name) => Decimal($"LENGTH({name})");

    /// <summary><c>NUMBER(name)</c>, signed (phys_base may be negative).</summary>
    public long? Number(string name) => Decimal($"NUMBER({name})");

    /// <summary>The value of <paramref name="key"/> as a hexadecimal number (with or without 0x), or null.</summary>
    public ulong? Hex(string key)
    {
        string? raw = Get(key);
        if (raw is null)
            return null;
        var s = raw.AsSpan().Trim();
        if (s.StartsWith("0x") || s.StartsWith("0X"))
            s = s[2..];
        return ulong.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong r) ? r : null;
    }

    /// <summary>The value of <paramref name="key"/> as a signed decimal number, or null.</summary>
    public long? Decimal(string key)
    {
        var v = Get(key);
        return v != null && long.TryParse(v.AsSpan().Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long r) ? r : null;
    }
}
