namespace Crashdive.Commands.Kmem;

/// <summary>crash's <c>pages_to_size</c>: "0", "N KB", "N.N MB" or "N.N GB" (".0" dropped), rounding as glibc's printf.</summary>
public static class CrashSize
{
    /// <summary>The size of <paramref name="pages"/> pages of <paramref name="pageSize"/> bytes.</summary>
    public static string OfPages(ulong pages, ulong pageSize = 4096)
    {
        if (pages == 0)
            return "0";
        UInt128 total = (UInt128)pages * pageSize;
        const ulong Gb = 1UL << 30, Mb = 1UL << 20;
        string s;
        if (total >= Gb)
            s = OneDecimal(total, Gb) + " GB";
        else if (total >= Mb)
            s = OneDecimal(total, Mb) + " MB";
        else
            return $"{(ulong)(total / 1024)} KB";
        return s.Replace(".0 ", " ", StringComparison.Ordinal);
    }

    // %.1f of total/unit: the exact quotient rounded half to even, as glibc does for exact binary values.
    private static string OneDecimal(UInt128 total, ulong unit)
    {
        UInt128 tenths = total * 10 / unit, rest = total * 10 % unit;
        if (rest * 2 > unit || (rest * 2 == unit && (tenths & 1) == 1))
            tenths++;
        return $"{tenths / 10}.{tenths % 10}";
    }
}
