using System.Buffers.Binary;
using System.Text;
using Crashdive.Helpers.Mm;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Commands.Kmem;

public sealed partial class KmemCommand
{
    /// <summary>Page structs read at a time (one 4 KiB block of 64-byte structs), as crash's PGMM_CACHED.</summary>
    private const int PageBatch = 64;

    /// <summary>Output is flushed when the buffer passes this many characters (crash flushes at 1 MiB).</summary>
    private const int FlushAt = 1 << 20;

    private enum MemberKind { Pointer, Integer, Struct, Bool }

    /// <summary>One <c>-m</c> member: where it is in struct page and how crash prints it.</summary>
    private sealed record PageMember(string Name, MemberKind Kind, int Offset, int Length, bool Signed, int BitPos, int BitSize);

    // kmem -p [address] / -m member[,member]: every struct page of every present section, or the one of an address.
    private static void Pages(CommandContext context, IReadOnlyList<ulong> addresses, string? members, bool physical)
    {
        var kernel = context.Kernel;
        var memberList = members is null ? null : PageMembers(kernel, members);
        string header = memberList is null ? PageHeader : MemberHeader(memberList);
        if (addresses.Count == 0)
        {
            AllPages(context, header, memberList);
            return;
        }
        bool printed = false;
        Span<byte> buffer = stackalloc byte[64];
        foreach (ulong address in addresses)
        {
            ulong? pfn = null;
            if (!physical && kernel.Regions.IsKernelVirtual(address))
            {
                if (PageToPhysical(kernel, address) is ulong pp)
                    pfn = pp >> 12;
                else if (kernel.TryKernelToPhysical(address, out ulong phys))
                    pfn = phys >> 12;
            }
            else
            {
                pfn = address >> 12;
            }
            if (pfn is not ulong f || Mm.PfnToPage(kernel, f) is not ulong page)
                continue;
            // crash prints the header once per command
            var o = new StringBuilder(printed ? "" : header);
            printed = true;
            if (memberList is null)
            {
                o.Append(PageLine(kernel, f));
            }
            else
            {
                if (!kernel.Memory.TryRead(page, buffer))
                    buffer.Clear();
                MemberLine(o, page, buffer, memberList);
            }
            context.Out.Write(o.ToString());
        }
    }

    private static void AllPages(CommandContext context, string header, IReadOnlyList<PageMember>? memberList)
    {
        var kernel = context.Kernel;
        var vi = kernel.VmcoreInfo ?? throw new CommandException("the dump has no VMCOREINFO: memory sections unknown");
        int pageStruct = (int)(vi.Size("page") ?? 64);
        int flagsOff = (int)(vi.Offset("page.flags") ?? 0);
        int mappingOff = (int)(vi.Offset("page.mapping") ?? 24);
        int refOff = (int)(vi.Offset("page._refcount") ?? 52);
        ulong perSection = 1UL << (int)((vi.Number("SECTION_SIZE_BITS") ?? 27) - 12);
        var names = PageFlagNames.Of(kernel);
        var described = new Dictionary<ulong, string>();
        var buffer = new byte[pageStruct * PageBatch];
        var o = new StringBuilder(FlushAt + 4096);
        o.Append(header);
        foreach (var s in MemorySections.Present(kernel))
        {
            ulong pp = s.MemMap, phys = s.FirstPfn << 12;
            for (ulong i = 0; i < perSection; i += PageBatch)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                int n = (int)Math.Min((ulong)PageBatch, perSection - i);
                var span = buffer.AsSpan(0, n * pageStruct);
                if (!kernel.Memory.TryRead(pp, span))
                    span.Clear();
                for (int p = 0; p < n; p++, pp += (ulong)pageStruct, phys += 4096)
                {
                    var page = span.Slice(p * pageStruct, pageStruct);
                    if (memberList is not null)
                    {
                        MemberLine(o, pp, page, memberList);
                    }
                    else
                    {
                        ulong flags = BinaryPrimitives.ReadUInt64LittleEndian(page[flagsOff..]);
                        ulong mapping = BinaryPrimitives.ReadUInt64LittleEndian(page[mappingOff..]);
                        ulong index = BinaryPrimitives.ReadUInt64LittleEndian(page[(mappingOff + 8)..]);
                        int count = BinaryPrimitives.ReadInt32LittleEndian(page[refOff..]);
                        if (!described.TryGetValue(flags, out string? text))
                        {
                            string n2 = names.Describe(flags);
                            text = n2.Length > 0 ? $"{flags:x} {n2}" : $"{flags:x}";
                            described[flags] = text;
                        }
                        o.Append($"{pp:x16} {phys,8:x} {mapping,16:x} {index,8:x} {count,2} ").Append(text).Append('\n');
                    }
                }
                if (o.Length > FlushAt)
                {
                    context.Out.Write(o.ToString());
                    o.Clear();
                }
            }
        }
        context.Out.Write(o.ToString());
    }

    private static string MemberHeader(IReadOnlyList<PageMember> members)
    {
        var h = new StringBuilder("      PAGE      ");
        foreach (var m in members)
            h.Append("  ").Append(m.Name);
        return h.Append('\n').ToString();
    }

    // crash's show_page_member_data: each member in its own format, two spaces after most.
    private static void MemberLine(StringBuilder o, ulong pp, ReadOnlySpan<byte> page, IReadOnlyList<PageMember> members)
    {
        o.Append($"{pp:x}  ");
        foreach (var m in members)
        {
            var at = page.Slice(m.Offset, m.Length);
            switch (m.Kind)
            {
                case MemberKind.Pointer:
                    o.Append($"{BinaryPrimitives.ReadUInt64LittleEndian(at):x16}  ");
                    break;
                case MemberKind.Bool:
                    byte b = at[0];
                    if (b <= 1)
                        o.Append(b != 0 ? "true  " : "false  ");
                    else
                        o.Append(b);
                    break;
                case MemberKind.Struct:
                    if (m.Name.StartsWith("_count", StringComparison.Ordinal) || m.Name.StartsWith("_mapcount", StringComparison.Ordinal))
                    {
                        o.Append(BinaryPrimitives.ReadInt32LittleEndian(at)).Append("  ");
                    }
                    else if (m.Length % 8 == 0)
                    {
                        for (int c = 0; c < m.Length / 8; c++)
                            o.Append(c > 0 ? "," : "").Append($"{BinaryPrimitives.ReadUInt64LittleEndian(at[(c * 8)..]):x16}");
                        o.Append("  ");
                    }
                    else if (m.Length % 4 == 0)
                    {
                        // crash prints no spaces after an int-sized struct (atomic_t _refcount)
                        for (int c = 0; c < m.Length / 4; c++)
                            o.Append(c > 0 ? "," : "").Append($"{BinaryPrimitives.ReadUInt32LittleEndian(at[(c * 4)..]):x8}");
                    }
                    else
                    {
                        o.Append($"{BinaryPrimitives.ReadUInt16LittleEndian(at):x4}  ");
                    }
                    break;
                default:
                    Integer(o, m, at);
                    break;
            }
        }
        o.Append('\n');
    }

    private static void Integer(StringBuilder o, PageMember m, ReadOnlySpan<byte> at)
    {
        ulong v = m.Length switch
        {
            1 => at[0],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(at),
            4 => BinaryPrimitives.ReadUInt32LittleEndian(at),
            _ => BinaryPrimitives.ReadUInt64LittleEndian(at),
        };
        if (m.BitSize != 0)
            v = (v >> m.BitPos) & (m.BitSize >= 64 ? ulong.MaxValue : (1UL << m.BitSize) - 1);
        // crash: flags in hex, everything else in gdb's output radix (10)
        bool hex = m.Name == "flags";
        if (!m.Signed)
        {
            if (hex)
                o.Append(m.Length switch { 8 => $"{v:x16}  ", 4 => $"{(uint)v:x8}  ", 2 => $"{(ushort)v:x4}  ", _ => $"{(byte)v:x2}  " });
            else
                o.Append(m.Length switch { 8 => v, 4 => (uint)v, 2 => (ushort)v, _ => (byte)v }).Append("  ");
        }
        else if (hex)
        {
            // crash's "%016lx" for a signed 8-byte member has no trailing spaces
            o.Append(m.Length switch { 8 => $"{v:x16}", 4 => $"{(uint)v:x8}  ", 2 => $"{(ushort)v:x4}  ", _ => $"{(byte)v:x2}  " });
        }
        else
        {
            o.Append(m.Length switch { 8 => (long)v, 4 => (int)v, 2 => (short)v, _ => (sbyte)v }).Append("  ");
        }
    }

    private static IReadOnlyList<PageMember> PageMembers(KernelProgram kernel, string list)
    {
        if (list.EndsWith(',') || list.EndsWith('.'))
            throw new CommandException($"invalid format: {list}");
        string[] names = list.Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0)
            throw new CommandException($"invalid page struct member list format: {list}");
        if (kernel.Type("struct page").Underlying() is not StructType page)
            throw new CommandException("struct page is not a structure");
        var members = new List<PageMember>();
        foreach (string name in names)
        {
            if (page.FindMemberPath(name) is not MemberLookup m)
                throw new CommandException($"invalid page struct member: {name}");
            CType t = m.Type.Underlying();
            int length = (int)(t.Size ?? 0);
            int offset = (int)m.Offset;
            MemberKind? kind = t switch
            {
                PointerType => MemberKind.Pointer,
                BaseType b when b.Name is "_Bool" or "bool" => MemberKind.Bool,
                BaseType b when !b.IsFloat => MemberKind.Integer,
                EnumType => null,
                StructType or ArrayType => MemberKind.Struct,
                _ => null,
            };
            if (kind is null || length <= 0 || offset + length > (int)(page.ByteSize ?? 64)
                || kind == MemberKind.Integer && length is not (1 or 2 or 4 or 8))
                throw new CommandException($"unsupported page member reference: page.{name}");
            bool signed = t is BaseType bt && bt.IsSigned;
            int bitPos = m.Member.IsBitField ? (int)(m.BitOffset - (ulong)offset * 8) : 0;
            members.Add(new PageMember(name, kind.Value, offset, length, signed, bitPos, (int)m.Member.BitSize));
        }
        return members;
    }
}
