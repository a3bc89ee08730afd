using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Crashdive.Kernel.Expressions;
using Crashdive.Dumps;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Commands.Printing;

/// <summary>
/// Prints kernel values as gdb 10 prints them inside crash (<c>set print pretty on</c>): structs
/// and unions with two spaces per level, anonymous members as bare <c>{...}</c>, arrays as
/// <c>{a, b}</c> (at most <see cref="FormatOptions.PrintMax"/> elements, then <c>...</c>), char arrays
/// as strings with gdb's escapes, pointers as <c>0x... &lt;symbol+off&gt;</c>, char pointers with the
/// string they point to, enums by name (flag enums as <c>(A | B)</c>, <c>(A | unknown: 0x8)</c>), bool
/// as true/false, chars as <c>65 'A'</c>, integers in the output radix.
/// One object is read from memory once; members and elements are cut from those bytes. A struct
/// that straddles memory the dump does not hold (a page makedumpfile left out) is shown as far as it
/// can be read: each member that cannot be read prints gdb's <c>&lt;error: Cannot access memory at address 0x...&gt;</c>
/// in place of its value.
/// </summary>
public static class ValueFormatter
{
    /// <summary>
    /// The value as gdb's <c>output</c> command prints it (what follows <c>$N = </c> or
    /// <c>struct foo </c>), without a final newline. Memory the dump lacks is a
    /// <see cref="MemoryFaultException"/> when the object's first byte cannot be read (or any byte of
    /// an object that is not a struct or union); inside a struct, members and pointed-to strings that
    /// cannot be read print gdb's <c>&lt;error: ...&gt;</c>.
    /// </summary>
    public static string Format(KObject value, FormatOptions? options = null) => Format(value, options, 0);

    /// <summary>
    /// As <see cref="Format(KObject, FormatOptions?)"/>, for a value printed <paramref name="recurse"/> levels
    /// deep: struct members indented by 2 + 2 × recurse spaces, the closing brace by 2 × recurse.
    /// </summary>
    public static string Format(KObject value, FormatOptions? options, int recurse)
    {
        var w = new Writer(value.Kernel, options ?? FormatOptions.Decimal);
        w.Object(value, Math.Clamp(recurse, 0, 64));
        return w.ToString();
    }

    /// <summary>
    /// Part of what <see cref="Format(KObject, FormatOptions?)"/> prints for the struct or union
    /// <paramref name="value"/> (in memory): the braces and, of its members, only those
    /// <paramref name="include"/> picks (by index), each with the very lines and trailing comma it has in
    /// the whole text. Only those members are read, so a member list costs what it prints.
    /// </summary>
    public static string FormatSelectedMembers(KObject value, Func<int, bool> include, FormatOptions? options = null)
    {
        if (value.UnderlyingType is not StructType s || !value.IsReference)
            return Format(value, options);
        var w = new Writer(value.Kernel, options ?? FormatOptions.Decimal);
        w.SelectedMembers(value, s, include);
        return w.ToString();
    }

    /// <summary>
    /// The value as gdb's <c>print</c> shows it after <c>$N = </c>: as <see cref="Format"/>, with
    /// pointers prefixed by their type in parentheses (<c>(struct pid *) 0x...</c>), except pointers to
    /// <c>char</c>, whose string says enough.
    /// </summary>
    public static string FormatTopLevel(KObject value, FormatOptions? options = null)
    {
        string text = Format(value, options);
        CType t = value.UnderlyingType;
        if (options?.Formatted == true && t is not (StructType or ArrayType))
            return text; // gdb prints a formatted scalar without the value printer's type prefix
        if (t is PointerType p && !(value.Type is PointerType && p.Target.Unqualified() is BaseType { Name: "char" }))
            return "(" + GdbTypeName.Format(value.Type) + ") " + text;
        return text;
    }

    /// <summary>Builds the text of one value.</summary>
    private sealed class Writer(KernelProgram kernel, FormatOptions options)
    {
        private readonly StringBuilder _sb = new();
        private readonly SymbolAnnotator _symbols = SymbolAnnotator.Of(kernel);

        // Address ranges of the object being printed that the dump does not hold; null when all of it was read.
        private List<(ulong Start, ulong End)>? _unreadable;

        public override string ToString() => _sb.ToString();

        /// <summary>The members of <paramref name="s"/> that <paramref name="include"/> picks, each read on its own.</summary>
        public void SelectedMembers(KObject value, StructType s, Func<int, bool> include)
        {
            IReadOnlyList<Member> members = s.Members;
            if (members.Count == 0)
            {
                _sb.Append("{<No data fields>}");
                return;
            }
            _sb.Append('{');
            for (int i = 0; i < members.Count; i++)
            {
                if (!include(i))
                    continue;
                Member m = members[i];
                _sb.Append('\n').Append(' ', 2);
                if (m.Name != null)
                    _sb.Append(m.Name).Append(" = ");
                KObject member = m.IsBitField
                    ? KObject.BitFieldReference(kernel, m.Type, value.Address, (int)m.BitOffset, (int)m.BitSize)
                    : KObject.Reference(kernel, m.Type, value.Address + m.Offset);
                int mark = _sb.Length;
                try
                {
                    Object(member, 1);
                }
                catch (MemoryFaultException e)
                {
                    // the member lies where the dump holds nothing: one line saying so, and on to the next
                    _sb.Length = mark;
                    CannotAccess(e.IsPhysical ? member.Address : e.Address);
                }
                if (i + 1 < members.Count)
                    _sb.Append(',');
            }
            _sb.Append("\n}");
        }

        public void Object(KObject value, int recurse)
        {
            CType t = value.UnderlyingType;
            if (value.IsBitField)
            {
                Scalar(t, value.ToUInt64(), recurse);
                return;
            }
            if (t is FunctionType)
            {
                _sb.Append('{').Append(GdbTypeName.Format(value.Type)).Append("} ");
                Address(value.Address);
                return;
            }
            if (t is VoidType)
            {
                _sb.Append("void");
                return;
            }
            if (t is ArrayType { Length: null or 0 } && value.IsReference)
            {
                Value(t, [], value.Address, true, recurse);
                return;
            }
            byte[] bytes;
            if (t is StructType && value.IsReference)
            {
                // A struct may straddle a page the dump left out: what can be read is shown, each
                // member that cannot gets one line saying so (see Unreadable).
                bytes = value.ReadAvailableBytes(out List<(ulong Start, ulong End)>? missing);
                if (missing != null)
                    (_unreadable ??= []).AddRange(missing);
            }
            else
                bytes = value.ReadBytes();
            Value(t, bytes, value.IsReference ? value.Address : 0, value.IsReference, recurse);
        }

        private void Value(CType type, ReadOnlySpan<byte> bytes, ulong address, bool inMemory, int recurse)
        {
            CType t = type.Underlying();
            if (_unreadable != null && inMemory && t is not StructType && Unreadable(address, t.Size ?? 0) is ulong missing)
            {
                CannotAccess(missing);
                return;
            }
            switch (t)
            {
                case StructType s:
                    Struct(s, bytes, address, inMemory, recurse);
                    return;
                case ArrayType a:
                    Array(a, bytes, address, inMemory, recurse);
                    return;
                case BaseType { IsFloat: true } f:
                    Float(f, bytes);
                    return;
                case BaseType or EnumType or PointerType:
                {
                    int size = (int)Math.Clamp(t.Size ?? 8, 1, 8);
                    Span<byte> b = stackalloc byte[8];
                    b.Clear();
                    bytes[..Math.Min(size, bytes.Length)].CopyTo(b);
                    ulong raw = BinaryPrimitives.ReadUInt64LittleEndian(b);
                    if (KObject.IsSignedType(t) && size < 8 && (raw & (1UL << (size * 8 - 1))) != 0)
                        raw |= ~0UL << (size * 8);
                    Scalar(t, raw, recurse);
                    return;
                }
                case FunctionType:
                    _sb.Append('{').Append(GdbTypeName.Format(type)).Append("} ");
                    Address(address);
                    return;
                default:
                    _sb.Append("<unknown type>");
                    return;
            }
        }

        private void Struct(StructType s, ReadOnlySpan<byte> bytes, ulong address, bool inMemory, int recurse)
        {
            IReadOnlyList<Member> members = s.Members;
            if (members.Count == 0)
            {
                // gdb (and so crash) for a struct without members, e.g. 6.1's netns_tracker without
                // CONFIG_NET_NS_REFCNT_TRACKER in struct sock's __sk_common.skc_net
                _sb.Append("{<No data fields>}");
                return;
            }
            _sb.Append('{');
            for (int i = 0; i < members.Count; i++)
            {
                Member m = members[i];
                if (i > 0)
                    _sb.Append(',');
                _sb.Append('\n').Append(' ', 2 + 2 * recurse);
                if (m.Name != null)
                    _sb.Append(m.Name).Append(" = ");
                if (m.IsBitField)
                {
                    if (_unreadable != null && inMemory && Unreadable(address + m.Offset, (m.BitOffset % 8 + m.BitSize + 7) / 8) is ulong missing)
                    {
                        CannotAccess(missing);
                        continue;
                    }
                    Scalar(m.Type.Underlying(), ExtractBits(bytes, m.BitOffset, (int)m.BitSize, KObject.IsSignedType(m.Type)), recurse + 1);
                    continue;
                }
                ulong offset = m.Offset;
                ulong size = m.Type.Size ?? 0;
                ReadOnlySpan<byte> slice = offset >= (ulong)bytes.Length ? [] : bytes.Slice((int)offset, (int)Math.Min(size, (ulong)bytes.Length - offset));
                Value(m.Type, slice, address + offset, inMemory, recurse + 1);
            }
            _sb.Append('\n').Append(' ', 2 * recurse).Append('}');
        }

        /// <summary>The first byte of [<paramref name="address"/>, +<paramref name="size"/>) the dump does not hold, or null.</summary>
        private ulong? Unreadable(ulong address, ulong size)
        {
            if (size == 0)
                return null;
            ulong end = address + size;
            foreach ((ulong start, ulong stop) in _unreadable!)
            {
                if (start < end && address < stop)
                    return Math.Max(start, address);
            }
            return null;
        }

        /// <summary>A member the dump does not hold, in gdb's words for a value it cannot read.</summary>
        private void CannotAccess(ulong address) =>
            _sb.Append("<error: Cannot access memory at address 0x").Append(address.ToString("x", CultureInfo.InvariantCulture)).Append('>');

        private void Array(ArrayType a, ReadOnlySpan<byte> bytes, ulong address, bool inMemory, int recurse)
        {
            CType element = a.ElementType;
            ulong elementSize = element.Size ?? 0;
            ulong length = a.Length ?? 0;
            bool textual = IsTextual(element) && !options.Formatted;
            if (length == 0 || elementSize == 0)
            {
                // gdb: an array of unknown length prints like a pointer to its first element
                Address(address);
                if (textual && address != 0)
                {
                    _sb.Append(' ');
                    PointedString(address);
                }
                return;
            }
            int count = (int)Math.Min(length, (ulong)bytes.Length / elementSize);
            if (textual)
            {
                String(bytes[..count]);
                return;
            }
            _sb.Append('{');
            int printed = 0;
            int i = 0;
            int es = (int)elementSize;
            for (; i < count && printed < options.PrintMax; i++)
            {
                if (i != 0)
                    _sb.Append(", ");
                ReadOnlySpan<byte> first = bytes.Slice(i * es, es);
                int reps = 1;
                int next = i + 1;
                if (options.RepeatThreshold < int.MaxValue)
                {
                    while (next < count && bytes.Slice(next * es, es).SequenceEqual(first))
                    {
                        reps++;
                        next++;
                    }
                }
                Value(element, first, address + (ulong)(i * es), inMemory, recurse + 1);
                if (reps > options.RepeatThreshold)
                {
                    _sb.Append(" <repeats ").Append(reps).Append(" times>");
                    i = next - 1;
                    printed += options.RepeatThreshold;
                }
                else
                    printed++;
            }
            if (i < count)
                _sb.Append("...");
            _sb.Append('}');
        }

        /// <summary>gdb's <c>generic_printstr</c> on a char array: one trailing NUL dropped, at most print-max characters, runs folded only above the threshold.</summary>
        private void String(ReadOnlySpan<byte> s)
        {
            int length = s.Length;
            if (options.NullStop)
            {
                // gdb's c-valprint: with stop_print_at_null the array ends at its first NUL
                int nul = s.IndexOf((byte)0);
                if (nul >= 0)
                    length = nul;
            }
            else if (length > 0 && s[length - 1] == 0)
                length--;
            if (length == 0)
            {
                _sb.Append("\"\"");
                return;
            }
            // gdb 16 (crash 9.0.2) stops at exactly print-max characters, inside a run of one character too
            // (gdb 10, in crash 8.0.2, took whole runs: "swapp"... where gdb 16 prints "swap"... for 4)
            int taken = Math.Min(length, Math.Max(options.PrintMax, 0));
            if (options.RepeatThreshold == int.MaxValue)
                GdbText.AppendQuoted(_sb, s[..taken]);
            else
                QuotedWithRepeats(s[..taken]);
            if (taken < length)
                _sb.Append("...");
        }

        private void QuotedWithRepeats(ReadOnlySpan<byte> s)
        {
            int i = 0;
            bool first = true;
            while (i < s.Length)
            {
                int run = 1;
                while (i + run < s.Length && s[i + run] == s[i])
                    run++;
                if (run > options.RepeatThreshold)
                {
                    if (!first)
                        _sb.Append(", ");
                    _sb.Append(GdbText.CharLiteral(s[i])).Append(" <repeats ").Append(run).Append(" times>");
                    i += run;
                }
                else
                {
                    int start = i;
                    while (i < s.Length)
                    {
                        int r = 1;
                        while (i + r < s.Length && s[i + r] == s[i])
                            r++;
                        if (r > options.RepeatThreshold)
                            break;
                        i += r;
                    }
                    if (!first)
                        _sb.Append(", ");
                    GdbText.AppendQuoted(_sb, s[start..i]);
                }
                first = false;
            }
        }

        private void Scalar(CType t, ulong raw, int recurse)
        {
            if (options.Formatted && t is PointerType or EnumType or BaseType { IsFloat: false })
            {
                Span<byte> b = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(b, raw);
                int size = (int)Math.Clamp(t.Size ?? 8, 1, 8);
                Gdb.GdbScalar.Append(_sb, b[..size], options.Letter, padded: options.Letter == 'z', KObject.IsSignedType(t), Gdb.GdbSymbols.Of(kernel).Annotate);
                return;
            }
            switch (t)
            {
                case PointerType p:
                    Pointer(p, raw);
                    return;
                case EnumType e:
                    Enum(e, raw);
                    return;
                case BaseType b:
                    Integer(b, raw);
                    return;
                default:
                    Integer(null, raw);
                    return;
            }
        }

        private void Integer(BaseType? b, ulong raw)
        {
            int size = (int)Math.Clamp(b?.ByteSize ?? 8, 1, 8);
            ulong masked = size >= 8 ? raw : raw & ((1UL << (size * 8)) - 1);
            if (options.Radix == 16)
            {
                _sb.Append("0x").Append(masked.ToString("x", CultureInfo.InvariantCulture));
                return;
            }
            bool signed = b?.IsSigned ?? false;
            if (b?.Encoding == BaseTypeEncoding.Boolean)
            {
                _sb.Append(masked == 0 ? "false" : masked == 1 ? "true" : masked.ToString(CultureInfo.InvariantCulture));
                return;
            }
            _sb.Append(signed ? ((long)raw).ToString(CultureInfo.InvariantCulture) : masked.ToString(CultureInfo.InvariantCulture));
            if (b != null && size == 1 && b.IsChar)
                _sb.Append(' ').Append(GdbText.CharLiteral((byte)masked));
        }

        private void Float(BaseType f, ReadOnlySpan<byte> bytes)
        {
            double d = f.ByteSize == 4 && bytes.Length >= 4 ? BitConverter.ToSingle(bytes) : bytes.Length >= 8 ? BitConverter.ToDouble(bytes) : 0;
            _sb.Append(d.ToString(f.ByteSize == 4 ? "G9" : "G17", CultureInfo.InvariantCulture));
        }

        private void Enum(EnumType e, ulong raw)
        {
            int size = (int)Math.Clamp(e.ByteSize ?? 4, 1, 8);
            ulong val = size >= 8 ? raw : raw & ((1UL << (size * 8)) - 1);
            long signedVal = e.IsSigned ? (long)raw : (long)val;
            IReadOnlyList<Enumerator> list = e.Enumerators;
            foreach (Enumerator en in list)
            {
                if (en.Value == signedVal)
                {
                    _sb.Append(en.Name);
                    return;
                }
            }
            if (!IsFlagEnum(e))
            {
                _sb.Append(signedVal.ToString(CultureInfo.InvariantCulture));
                return;
            }
            bool first = true;
            foreach (Enumerator en in list)
            {
                if ((val & en.UnsignedValue) != 0)
                {
                    _sb.Append(first ? "(" : " | ");
                    first = false;
                    val &= ~en.UnsignedValue;
                    _sb.Append(en.Name);
                }
            }
            if (val != 0)
            {
                _sb.Append(first ? "(unknown: " : " | unknown: ").Append("0x").Append(val.ToString("x", CultureInfo.InvariantCulture)).Append(')');
            }
            else if (first)
                _sb.Append('0');
            else
                _sb.Append(')');
        }

        /// <summary>gdb 10's flag enum: every value non-negative, and values share no bits unless equal.</summary>
        private static bool IsFlagEnum(EnumType e)
        {
            ulong mask = 0;
            var seen = new HashSet<long>();
            foreach (Enumerator en in e.Enumerators)
            {
                if (en.Value < 0)
                    return false;
                if (!seen.Add(en.Value))
                    continue;
                if ((mask & en.UnsignedValue) != 0)
                    return false;
                mask |= en.UnsignedValue;
            }
            return true;
        }

        private void Pointer(PointerType p, ulong address)
        {
            CType target = p.Target.Underlying();
            Address(address);
            if (target is not FunctionType && IsTextual(p.Target) && address != 0)
            {
                _sb.Append(' ');
                PointedString(address);
            }
        }

        private void Address(ulong address)
        {
            _sb.Append("0x").Append(address.ToString("x", CultureInfo.InvariantCulture));
            if (_symbols.Annotate(address) is string sym)
                _sb.Append(' ').Append(sym);
        }

        private void PointedString(ulong address)
        {
            int max = options.PrintMax;
            var buffer = new List<byte>(64);
            Span<byte> one = stackalloc byte[1];
            for (int i = 0; i < max; i++)
            {
                try
                {
                    kernel.Memory.Read(address + (ulong)i, one);
                }
                catch (MemoryFaultException)
                {
                    if (i > 0)
                    {
                        GdbText.AppendQuoted(_sb, buffer.ToArray());
                        _sb.Append(' ');
                    }
                    _sb.Append("<error: Cannot access memory at address 0x").Append((address + (ulong)i).ToString("x", CultureInfo.InvariantCulture)).Append('>');
                    return;
                }
                if (one[0] == 0)
                {
                    GdbText.AppendQuoted(_sb, buffer.ToArray());
                    return;
                }
                buffer.Add(one[0]);
            }
            GdbText.AppendQuoted(_sb, buffer.ToArray());
            _sb.Append("...");
        }
    }

    /// <summary>
    /// gdb's "textual" element: a one-byte integer spelled as a character type (<c>char</c>,
    /// <c>unsigned char</c>, <c>u8</c>...), which arrays print as strings and pointers follow.
    /// </summary>
    public static bool IsTextual(CType type) =>
        type.Underlying() is BaseType { ByteSize: 1, IsChar: true };

    private static ulong ExtractBits(ReadOnlySpan<byte> bytes, ulong bitOffset, int bitSize, bool signed)
    {
        Span<byte> b = stackalloc byte[16];
        b.Clear();
        int first = (int)(bitOffset / 8);
        int count = Math.Min(((int)(bitOffset % 8) + bitSize + 7) / 8, Math.Max(0, bytes.Length - first));
        if (count > 0)
            bytes.Slice(first, count).CopyTo(b);
        UInt128 raw = BinaryPrimitives.ReadUInt128LittleEndian(b);
        ulong v = (ulong)(raw >> (int)(bitOffset % 8));
        if (bitSize < 64)
        {
            v &= (1UL << bitSize) - 1;
            if (signed && (v & (1UL << (bitSize - 1))) != 0)
                v |= ~0UL << bitSize;
        }
        return v;
    }
}
