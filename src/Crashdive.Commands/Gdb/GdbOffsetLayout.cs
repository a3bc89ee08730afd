using System.Text;
using Crashdive.Symbols.Types;

namespace Crashdive.Commands.Gdb;

/// <summary>
/// The offset column of gdb's <c>ptype/o</c> (its <c>print_offset_data</c>): for each member
/// <c>/* offset | size */</c> (a bit field's offset as <c>byte:bit</c>, a union member's size alone), a
/// <c>/* XXX N-byte hole */</c> where the previous member ended before this one starts, padding at the end,
/// and the total size. Kept as gdb keeps it: one state per body, carried into nested structs and unions.
/// </summary>
public sealed class GdbOffsetLayout
{
    /// <summary>Width of the offset column.</summary>
    public const int Indentation = 27;

    /// <summary>Bits from the outermost struct to the one being printed.</summary>
    private ulong _offsetBits;

    /// <summary>Where the previous member ended, in bits from the start of the body being printed.</summary>
    private ulong _endBits;

    /// <summary>The state for the members of a struct or union printed inside this one.</summary>
    public GdbOffsetLayout Nested() => new();

    /// <summary>Carries the offset of member <paramref name="m"/> (a struct or union) of the body <paramref name="outer"/> is printing into this state.</summary>
    public void Enter(GdbOffsetLayout outer, Member m)
    {
        _offsetBits = outer._offsetBits + m.BitOffset;
        // gdb: the previous end minus the member's size (unsigned, as gdb computes it)
        _endBits = unchecked(outer._endBits - (m.Type.Size ?? 0) * 8);
    }

    /// <summary>The column for member <paramref name="m"/> of <paramref name="type"/>, after any hole before it.</summary>
    public void Update(StringBuilder sb, StructType type, Member m)
    {
        ulong size = m.Type.Underlying().Size ?? 0;
        if (type.Kind == TypeKind.Union)
        {
            sb.Append("/*                ").Append(size.ToString().PadLeft(6)).Append(" */");
            return;
        }
        ulong bitpos = m.BitOffset;
        ulong sizeBits = size * 8;
        MaybeHole(sb, bitpos, "hole");
        if (m.IsBitField || _offsetBits % 8 != 0)
        {
            sizeBits = m.BitSize;
            ulong real = bitpos + _offsetBits;
            sb.Append("/* ").Append((real / 8).ToString().PadLeft(6)).Append(':').Append((real % 8).ToString().PadLeft(2)).Append("  ");
        }
        else
        {
            sb.Append("/* ").Append(((bitpos + _offsetBits) / 8).ToString().PadLeft(6)).Append("     ");
        }
        sb.Append(" |  ").Append(size.ToString().PadLeft(6)).Append(" */");
        _endBits = bitpos + sizeBits;
    }

    /// <summary>Padding after the last member, the blank line and the total size of <paramref name="type"/>.</summary>
    public void Finish(StringBuilder sb, StructType type, int level)
    {
        ulong size = type.Size ?? 0;
        MaybeHole(sb, size * 8, "padding");
        sb.Append('\n');
        sb.Append(' ', level + 4 + Indentation);
        sb.Append("/* total size (bytes): ").Append(size.ToString().PadLeft(4)).Append(" */\n");
    }

    private void MaybeHole(StringBuilder sb, ulong bitpos, string what)
    {
        // gdb keeps these as unsigned int
        uint end = unchecked((uint)_endBits), pos = unchecked((uint)bitpos);
        if (end > 0 && end < pos)
        {
            uint hole = pos - end;
            uint bytes = hole / 8, bits = hole % 8;
            if (bits > 0)
                sb.Append("/* XXX ").Append(bits.ToString().PadLeft(2)).Append("-bit ").Append(what.PadRight(7)).Append("    */\n");
            if (bytes > 0)
                sb.Append("/* XXX ").Append(bytes.ToString().PadLeft(2)).Append("-byte ").Append(what.PadRight(7)).Append("   */\n");
        }
    }
}
