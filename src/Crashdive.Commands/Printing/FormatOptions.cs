namespace Crashdive.Commands.Printing;

/// <summary>
/// How <see cref="ValueFormatter"/> prints, as crash sets up its gdb: output radix 10 or 16
/// (<c>set radix</c>, <c>-x</c>/<c>-d</c>), at most <see cref="PrintMax"/> array elements or string
/// characters (crash sets gdb's <c>print elements</c> to 256), and repeats folded only above
/// <see cref="RepeatThreshold"/> (crash turns gdb's <c>&lt;repeats N times&gt;</c> off; gdb's own default is 10);
/// with <see cref="NullStop"/> (gdb's <c>print null-stop</c>, crash's <c>set null-stop on</c>) char arrays end at their first NUL;
/// <see cref="Letter"/> is a gdb format letter (<c>p/x</c>): every scalar printed in it, char arrays as arrays.
/// </summary>
public sealed record FormatOptions(int Radix = 10, int PrintMax = 256, int RepeatThreshold = int.MaxValue, bool NullStop = false, char Letter = '\0')
{
    /// <summary>True when a format letter other than <c>s</c> decides how scalars print.</summary>
    public bool Formatted => Letter != '\0' && Letter != 's';

    /// <summary>crash's defaults: decimal.</summary>
    public static FormatOptions Decimal { get; } = new();

    /// <summary>crash's defaults in hexadecimal (<c>-x</c>).</summary>
    public static FormatOptions Hex { get; } = new(16);

    /// <summary>gdb's own defaults (200 elements, repeats above 10), for callers that want gdb rather than crash.</summary>
    public static FormatOptions Gdb { get; } = new(10, 200, 10);

    /// <summary>The options for radix <paramref name="radix"/> (10 or 16).</summary>
    public static FormatOptions ForRadix(int radix) => radix == 16 ? Hex : Decimal;
}
