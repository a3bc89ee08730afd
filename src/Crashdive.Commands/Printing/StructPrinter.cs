using System.Globalization;
using System.Text;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Commands.Printing;

/// <summary>
/// crash's <c>struct</c>/<c>union</c> output at an address: the whole object
/// (<c>struct list_head {...}</c>), or selected members (<c>struct task_struct.pid,comm ADDR</c>),
/// or the <c>-o</c> offset layout. Member selection reproduces crash's own text search over gdb's
/// output (<c>parse_for_member</c>) so that quirks such as the trailing comma stay as crash prints
/// them; dotted members (<c>se.load</c>) are printed as crash's <c>parse_for_member_extended</c> does.
/// Other commands (<c>list -s</c>, <c>tree -s</c>, <c>task</c>) call <see cref="FormatMembers"/>.
/// </summary>
public static class StructPrinter
{
    /// <summary>
    /// The whole object as <c>struct NAME ADDR</c> prints it: <c>struct NAME {...}</c> and a newline
    /// (crash's <c>print_struct</c>); for a union, <c>union NAME {...}</c> with no newline (crash's
    /// <c>print_union</c> adds none). <paramref name="typedName"/> is the type name as the user gave it.
    /// </summary>
    public static string FormatWhole(KObject value, string typedName, FormatOptions options)
    {
        bool union = value.UnderlyingType is StructType { Kind: TypeKind.Union };
        string text = (union ? "union " : "struct ") + typedName + " " + ValueFormatter.Format(value, options);
        return union ? text : text + "\n";
    }

    /// <summary>
    /// What <c>struct NAME.m1,m2 ADDR</c> prints for <paramref name="value"/> (a struct or union in
    /// memory, or a pointer to one) and the members <paramref name="members"/> (each a name or a dotted
    /// path such as <c>se.load</c>), in radix <paramref name="options"/>. Unknown members are a
    /// <see cref="CommandException"/> with crash's wording; an address that cannot be read at all is a
    /// <see cref="Dumps.MemoryFaultException"/>.
    /// </summary>
    public static string FormatMembers(KObject value, IReadOnlyList<string> members, FormatOptions options, string? typedName = null)
    {
        var text = new StringWriter { NewLine = "\n" };
        WriteMembers(text, value, members, options, typedName, command: null);
        return text.ToString();
    }

    /// <summary>
    /// As <see cref="FormatMembers"/>, written member by member as crash does, so that the members before
    /// an unknown one are out when its <see cref="CommandException"/> comes. Only the members printed are
    /// read; one the dump does not hold prints gdb's <c>&lt;error: ...&gt;</c> in place of its value. When
    /// the structure's own address cannot be read, each member gets crash's reader line
    /// (<see cref="FaultLine"/>) under <paramref name="command"/>'s name; without a command that is a
    /// <see cref="Dumps.MemoryFaultException"/>.
    /// </summary>
    public static void WriteMembers(TextWriter output, KObject value, IReadOnlyList<string> members, FormatOptions options, string? typedName, string? command)
    {
        if (value.UnderlyingType is PointerType)
            value = value.Deref();
        if (value.UnderlyingType is not StructType s)
            throw new CommandException($"{value.Type} is not a struct or union");
        typedName ??= s.Name ?? "";
        bool? readable = null;
        Span<byte> first = stackalloc byte[1];
        var sb = new StringBuilder();
        foreach (string member in members)
        {
            if (s.FindMemberPath(member.Split('[')[0]) == null)
                throw new CommandException($"invalid data structure reference: {typedName}.{member}");
            readable ??= !value.IsReference || s.Size is null or 0 || value.Kernel.Memory.TryRead(value.Address, first);
            if (readable == false)
            {
                if (command == null)
                    throw value.Kernel.Memory.Fault(value.Address);
                output.Write(FaultLine(value.Kernel, value.Address, command) + "\n");
                continue;
            }
            sb.Clear();
            if (member.Contains('.') || member.Contains('['))
                Extended(sb, value, member, options);
            else
                ParseForMember(sb, SplitLines(FormatHolding(value, s, typedName, member, options)), member);
            output.Write(sb.ToString());
        }
    }

    /// <summary>
    /// What <see cref="FormatWhole"/> prints, cut down to the top-level members whose lines can hold
    /// <paramref name="member"/>: the member itself, or an anonymous struct or union around it. crash
    /// searches the whole text (<c>parse_for_member</c>), but it skips named embedded structures, so the
    /// lines left out could never match; only the members printed are read.
    /// </summary>
    private static string FormatHolding(KObject value, StructType s, string typedName, string member, FormatOptions options)
    {
        IReadOnlyList<Member> all = s.Members;
        bool union = s.Kind == TypeKind.Union;
        string text = (union ? "union " : "struct ") + typedName + " "
            + ValueFormatter.FormatSelectedMembers(value, i => Holds(all[i], member), options);
        return union ? text : text + "\n";
    }

    private static bool Holds(Member m, string name) =>
        m.Name == null ? m.Type.Underlying() is StructType inner && inner.HasMember(name) : m.Name == name;

    private static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        int start = 0;
        while (start < text.Length)
        {
            int nl = text.IndexOf('\n', start);
            int end = nl < 0 ? text.Length : nl + 1;
            lines.Add(text[start..end]);
            start = end;
        }
        return lines;
    }

    private static int LeadingSpaces(string s)
    {
        int n = 0;
        while (n < s.Length && s[n] == ' ')
            n++;
        return n;
    }

    /// <summary>crash's <c>parse_for_member(PARSE_FOR_DATA)</c>, line for line.</summary>
    private static void ParseForMember(StringBuilder output, List<string> lines, string s)
    {
        string lookfor1 = "  " + s + " ", lookfor2 = "  " + s + "[";
        int indent = 0, on = 0, embed = 0, pos = 0;
        bool array;
        do
        {
            array = false;
            on = 0;
            while (pos < lines.Count)
            {
                string buf = lines[pos++];
                int lead = LeadingSpaces(buf);
                if ((embed != 0 && lead == embed) || (buf.Contains("}}") && embed == lead - 2))
                    embed = 0;
                if (on == 0 && embed == 0 && buf.Contains("= {") && !buf.Contains(lookfor1))
                    embed = lead;
                if (embed != 0)
                    continue;
                if (buf.Contains(lookfor1) || buf.Contains(lookfor2))
                {
                    on++;
                    if (buf.Contains("= {"))
                        indent = lead;
                    if (buf.Contains('['))
                        array = true;
                }
                if (on == 0)
                    continue;
                if ((indent != 0 && on > 1 && lead == indent && !buf.Contains('}')) || buf[0] == '}')
                    break;
                if (indent != 0 && on > 1 && indent == lead - 2 && buf.Contains("}}"))
                {
                    output.Append(buf);
                    break;
                }
                if (indent == 0)
                {
                    output.Append(buf.Replace(", \n", "\n"));
                    break;
                }
                if (buf.Contains('}') && lead == indent)
                {
                    output.Append(buf.Replace("}, \n", "}\n"));
                    break;
                }
                output.Append(buf);
                on++;
            }
        }
        while (array && pos < lines.Count);
    }

    /// <summary>A dotted member as crash's <c>parse_for_member_extended</c> prints it: <c>  se.load = {...},</c>.</summary>
    private static void Extended(StringBuilder output, KObject value, string path, FormatOptions options)
    {
        KObject member = value;
        string[] parts = path.Split('.');
        StructType? parent = null;
        string last = parts[^1];
        foreach (string part in parts)
        {
            parent = member.UnderlyingType as StructType;
            member = member.Member(part);
        }
        string text;
        try
        {
            text = ValueFormatter.Format(member, options, 1);
        }
        catch (Dumps.MemoryFaultException e)
        {
            text = "<error: Cannot access memory at address 0x" + (e.IsPhysical ? member.Address : e.Address).ToString("x", CultureInfo.InvariantCulture) + ">";
        }
        bool hasNext = false;
        if (parent != null)
        {
            IReadOnlyList<Member> ms = parent.Members;
            for (int i = 0; i < ms.Count; i++)
            {
                if (ms[i].Name == last)
                {
                    hasNext = i + 1 < ms.Count;
                    break;
                }
            }
        }
        output.Append("  ").Append(path).Append(" = ").Append(text).Append(hasNext ? ",\n" : "\n");
    }

    /// <summary>
    /// crash's line for a structure at <paramref name="address"/> that cannot be read at all, as the
    /// command <paramref name="command"/> prints it (gdb asks crash for the bytes, and crash's reader
    /// names itself): <c>struct: invalid kernel virtual address: ffff...  type: "gdb_readmem_callback"</c>.
    /// crash prints it after <c>struct NAME </c> for a whole structure, and once per member for a member list.
    /// </summary>
    public static string FaultLine(KernelProgram kernel, ulong address, string command)
    {
        Span<byte> one = stackalloc byte[1];
        if (kernel.ReadMemory(address, MemoryType.KernelVirtual, one, out ReadFault fault) == 1)
            fault = new ReadFault(ReadFaultKind.ReadError, address, MemoryType.KernelVirtual);
        return $"{command}: {fault.Describe("gdb_readmem_callback")}";
    }

    /// <summary>
    /// What crash prints for the whole structure <paramref name="typedName"/> at <paramref name="address"/>
    /// when it cannot be read: <c>struct NAME </c>, <see cref="FaultLine"/>, and for a struct (not a union)
    /// the blank line crash's <c>print_struct</c> ends with.
    /// </summary>
    public static string WholeFault(KernelProgram kernel, ulong address, string typedName, bool union, string command) =>
        (union ? "union " : "struct ") + typedName + " " + FaultLine(kernel, address, command) + (union ? "\n" : "\n\n");

    /// <summary>
    /// crash's offset layout (<c>struct -o NAME [ADDR]</c>, <c>whatis -o</c>, <c>struct NAME.member</c>):
    /// gdb's ptype with <c>[offset]</c> (or <c>[address]</c>) before each member, right-justified to the
    /// width of the size plus four, and <c>SIZE: n</c> after the whole type. With <paramref name="member"/>,
    /// only that member's line. With <paramref name="typedefName"/>, the type is declared as that typedef.
    /// </summary>
    public static string OffsetLayout(StructType type, string? member, ulong? address, int radix, bool showOffsets = true, string? typedefName = null)
    {
        var sb = new StringBuilder();
        ulong size = type.Size ?? 0;
        string sizeText = radix == 16 ? "0x" + size.ToString("x", CultureInfo.InvariantCulture) : size.ToString(CultureInfo.InvariantCulture);
        int len = sizeText.Length + 4;
        List<string> lines = TypeDeclaration.Lines(type);
        if (typedefName != null)
        {
            // crash names a type reached through a typedef as a typedef: "typedef struct {" ... "} atomic_t;"
            string kind = type.Kind == TypeKind.Union ? "union" : "struct";
            lines[0] = "typedef " + (type.Name == null ? kind : kind + " " + type.Name) + " {\n";
            lines[^1] = "} " + typedefName + ";\n";
        }
        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i];
            bool isMember = i > 0 && i < lines.Count - 1;
            if (!isMember || !(showOffsets || member != null))
            {
                sb.Append(line);
                continue;
            }
            ShowMemberOffset(sb, type, line, member, address, radix, len, sizeText);
        }
        if (member == null)
            sb.Append("SIZE: ").Append(sizeText).Append('\n');
        return sb.ToString();
    }

    private static void ShowMemberOffset(StringBuilder sb, StructType type, string line, string? member, ulong? address, int radix, int len, string sizeText)
    {
        string target = MemberNameOf(line);
        ulong? offset = target.Length > 0 && type.FindMember(target) is MemberLookup m ? m.Offset : null;
        if (target.Length == 0 || offset == null)
        {
            if (member == null)
                sb.Append(' ', sizeText.Length + 1).Append(line);
            return;
        }
        if (member != null && member != target)
            return;
        string at = address is ulong a
            ? "  [" + (offset.Value + a).ToString("x", CultureInfo.InvariantCulture) + "]"
            : radix == 16 ? "  [0x" + offset.Value.ToString("x", CultureInfo.InvariantCulture) + "]" : "  [" + offset.Value + "]";
        sb.Append(at.PadLeft(len)).Append(line, 3, line.Length - 3);
    }

    /// <summary>The member a ptype line declares, found as crash's <c>show_member_offset</c> finds it.</summary>
    private static string MemberNameOf(string line)
    {
        string[] args = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        string? target = null;
        if (line.Contains(':'))
        {
            for (int i = 1; i < args.Length; i++)
            {
                if (args[i] == ":")
                {
                    target = args[i - 1];
                    break;
                }
            }
        }
        else if (args.Length > 0)
        {
            int i;
            for (i = 0; i < args.Length; i++)
            {
                if (!line.Contains("(*"))
                    continue;
                string a = args[i];
                string? t = a.StartsWith("(*", StringComparison.Ordinal) ? a[2..]
                    : a.StartsWith("*(*", StringComparison.Ordinal) ? a[3..]
                    : a.StartsWith("**(*", StringComparison.Ordinal) ? a[4..] : null;
                if (t == null)
                    continue;
                int close = t.IndexOf(')');
                if (close < 0)
                    continue;
                target = t[..close];
                break;
            }
            if (i == args.Length)
            {
                target = args[^1];
                if (!target.Contains(';'))
                    target = null;
            }
        }
        if (target == null)
            return "";
        var cleaned = new StringBuilder(target.Length);
        foreach (char c in target)
            cleaned.Append("*[];()".Contains(c) ? ' ' : c);
        string r = cleaned.ToString().Trim();
        int space = r.IndexOf(' ');
        return space < 0 ? r : r[..space];
    }
}
