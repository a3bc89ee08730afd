using Crashdive.Symbols.Types;

namespace Crashdive.Kernel;

/// <summary>
/// A typed kernel value, as drgn's Object: either a reference (a type at an address in kernel
/// memory, read when asked), or a value held here (a literal, a computed pointer), or absent
/// (default). Navigation (<see cref="Member"/>, <see cref="Deref"/>, <see cref="Index"/>) reads
/// no memory except the pointers it follows; faults are <see cref="Dumps.MemoryFaultException"/>
/// naming the address, type mistakes are <see cref="KernelObjectException"/>.
/// </summary>
public readonly partial struct KObject
{
    private readonly byte[]? _value;

    private KObject(KernelProgram kernel, CType type, ulong address, byte[]? value, bool perCpu, byte bitOffset, byte bitSize)
    {
        Kernel = kernel;
        Type = type;
        Address = address;
        _value = value;
        IsPerCpu = perCpu;
        BitOffset = bitOffset;
        BitSize = bitSize;
    }

    /// <summary>An object of <paramref name="type"/> at <paramref name="address"/>.</summary>
    public static KObject Reference(KernelProgram kernel, CType type, ulong address, bool perCpu = false) =>
        new(kernel, type, address, null, perCpu, 0, 0);

    /// <summary>A bit field of <paramref name="bitSize"/> bits starting <paramref name="bitOffset"/> bits after <paramref name="address"/>.</summary>
    public static KObject BitFieldReference(KernelProgram kernel, CType type, ulong address, int bitOffset, int bitSize) =>
        new(kernel, type, address + (ulong)(bitOffset / 8), null, false, (byte)(bitOffset % 8), (byte)bitSize);

    /// <summary>A value of <paramref name="type"/> holding <paramref name="raw"/> (an integer, pointer or enum).</summary>
    public static KObject Value(KernelProgram kernel, CType type, ulong raw)
    {
        int size = (int)Math.Clamp(type.Size ?? 8, 1, 8);
        var bytes = new byte[size];
        for (int i = 0; i < size; i++)
            bytes[i] = (byte)(raw >> (8 * i));
        return new(kernel, type, 0, bytes, false, 0, 0);
    }

    /// <summary>A value of <paramref name="type"/> whose bytes are <paramref name="bytes"/> (kept, not copied).</summary>
    public static KObject Value(KernelProgram kernel, CType type, byte[] bytes) => new(kernel, type, 0, bytes, false, 0, 0);

    /// <summary>The program the object belongs to.</summary>
    public KernelProgram Kernel { get; }

    /// <summary>The object's type (null only for an absent object).</summary>
    public CType Type { get; }

    /// <summary>Where the object is, for a reference (for a per-cpu variable, its per-cpu offset).</summary>
    public ulong Address { get; }

    /// <summary>True for an object in memory, false for a value held here.</summary>
    public bool IsReference => Type != null && _value == null;

    /// <summary>True for the default object that stands for nothing.</summary>
    public bool IsAbsent => Type == null;

    /// <summary>True for a per-cpu variable whose <see cref="Address"/> is an offset into each CPU's area.</summary>
    public bool IsPerCpu { get; }

    /// <summary>For a bit field, the bit in the byte at <see cref="Address"/> where it starts.</summary>
    public int BitOffset { get; }

    /// <summary>Width of a bit field; 0 for everything else.</summary>
    public int BitSize { get; }

    /// <summary>True for a bit field.</summary>
    public bool IsBitField => BitSize != 0;

    /// <summary>The type with typedefs and qualifiers removed.</summary>
    public CType UnderlyingType => Type.Underlying();

    /// <summary>sizeof the object's type (0 when unknown).</summary>
    public ulong Size => Type?.Size ?? 0;

    /// <summary>True for a pointer (after typedefs).</summary>
    public bool IsPointer => UnderlyingType is PointerType;

    /// <summary>The held bytes of a value object (null for references).</summary>
    public ReadOnlySpan<byte> HeldBytes => _value;

    /// <inheritdoc/>
    public override string ToString() =>
        IsAbsent ? "(absent)" : IsReference ? $"({Type}) *0x{Address:x}" : $"({Type}) value";
}
