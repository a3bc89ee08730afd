using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Helpers.Devices;

/// <summary>The DMI strings the kernel keeps (<c>dmi_ident[DMI_STRING_MAX]</c>, drivers/firmware/dmi_scan.c), named by <c>enum dmi_field</c>.</summary>
public static class Dmi
{
    /// <summary>
    /// Each field of <c>enum dmi_field</c> in declaration order up to the first whose value is past the
    /// array, with its string (null when the kernel has none for it). Without the enum's type the
    /// names are <c>dmi_ident[N]</c>.
    /// </summary>
    public static List<(string Field, string? Value)> Fields(KernelProgram kernel)
    {
        KObject ident = kernel.FindVariable("dmi_ident") ?? throw new KernelObjectException("dmi_ident does not exist in this kernel");
        int length = ident.UnderlyingType is ArrayType a ? (int)Math.Min(a.Length ?? 0, 1024) : 0;
        var list = new List<(string, string?)>();
        if (kernel.FindType("enum dmi_field")?.Underlying() is EnumType e)
        {
            foreach (var en in e.Enumerators)
            {
                if (en.UnsignedValue >= (ulong)length)
                    break;
                list.Add((en.Name, Read(kernel, ident, (int)en.UnsignedValue)));
            }
            return list;
        }
        for (int i = 0; i < length; i++)
            list.Add(($"dmi_ident[{i}]", Read(kernel, ident, i)));
        return list;
    }

    private static string? Read(KernelProgram kernel, KObject ident, int i)
    {
        ulong p = ident.Index(i).ToUInt64();
        return p == 0 ? null : kernel.Memory.TryReadCString(p, 1500) ?? "";
    }
}
