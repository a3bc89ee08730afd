using Crashdive.Kernel;

namespace Crashdive.Commands.Memory;

/// <summary>How <c>rd</c> shows each item: its width, or ASCII text, or raw bytes to a file.</summary>
public enum RdDisplay
{
    /// <summary>Bytes (<c>-8</c>).</summary>
    Bits8,
    /// <summary>16-bit values (<c>-16</c>).</summary>
    Bits16,
    /// <summary>32-bit values (<c>-32</c>).</summary>
    Bits32,
    /// <summary>64-bit values (<c>-64</c>, the default).</summary>
    Bits64,
    /// <summary>Printable characters only (<c>-a</c>).</summary>
    Ascii,
    /// <summary>Raw bytes written to a file (<c>-r FILE</c>).</summary>
    Raw,
}

/// <summary>Value formats of <c>rd</c> (crash's display flags).</summary>
[Flags]
public enum RdFormat
{
    /// <summary>No flag.</summary>
    None = 0,
    /// <summary>Hexadecimal values (default).</summary>
    Hexadecimal = 1,
    /// <summary>Signed decimal (<c>-d</c>).</summary>
    Decimal = 2,
    /// <summary>Unsigned decimal (<c>-D</c>).</summary>
    UnsignedDecimal = 4,
    /// <summary>Values that are kernel addresses shown as symbols (<c>-s</c>).</summary>
    Symbolic = 8,
    /// <summary>No ASCII column (<c>-x</c>).</summary>
    NoAscii = 16,
    /// <summary>The ASCII column is printed (hexadecimal, not symbolic, not <c>-x</c>).</summary>
    AsciiEndline = 32,
    /// <summary>16- and 32-bit values in network byte order (<c>-N</c>).</summary>
    NetEndian = 64,
}

/// <summary>One <c>rd</c> request after its options and arguments were read.</summary>
public sealed class RdRequest
{
    /// <summary>crash's item count for <c>-a</c> without a count: read until a non-printable byte.</summary>
    public const long AsciiUnlimited = long.MaxValue;

    /// <summary>First address shown.</summary>
    public ulong Address { get; set; }

    /// <summary>Number of items (bytes for <c>-a</c> and <c>-r</c>).</summary>
    public long Count { get; set; }

    /// <summary>Item display.</summary>
    public RdDisplay Display { get; set; } = RdDisplay.Bits64;

    /// <summary>Value format flags.</summary>
    public RdFormat Format { get; set; } = RdFormat.Hexadecimal;

    /// <summary>Address space of <see cref="Address"/>.</summary>
    public MemoryType Memory { get; set; } = MemoryType.KernelVirtual;

    /// <summary>Output file of <c>-r</c>.</summary>
    public string? OutputFile { get; set; }

    /// <summary>Bytes per item.</summary>
    public int ItemSize => Display switch
    {
        RdDisplay.Bits16 => 2,
        RdDisplay.Bits32 => 4,
        RdDisplay.Bits64 => 8,
        _ => 1,
    };

    /// <summary>crash's name for what is being read, used in fault messages (<c>64-bit KVADDR</c>, <c>ascii</c>).</summary>
    public string ReadType => Display switch
    {
        RdDisplay.Ascii => "ascii",
        RdDisplay.Raw => "raw dump to file",
        _ => $"{ItemSize * 8}-bit {Memory switch
        {
            MemoryType.KernelVirtual => "KVADDR",
            MemoryType.UserVirtual => "UVADDR",
            MemoryType.Physical => "PHYSADDR",
            _ => "FILEADDR",
        }}",
    };
}
