using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Helpers.Modules;

/// <summary>The kernel's taint: <c>tainted_mask</c> and its letters from <c>taint_flags[]</c>, as crash's <c>show_kernel_taints()</c> reads them.</summary>
public static class KernelTaint
{
    /// <summary><c>tainted_mask</c> (0 when the kernel has none).</summary>
    public static ulong Mask(KernelProgram kernel) => kernel.FindVariable("tainted_mask") is KObject t ? t.ToUInt64() : 0;

    /// <summary>
    /// crash's taint string: for each <c>taint_flags[i]</c>, its <c>c_true</c> letter when bit i is set,
    /// else its <c>c_false</c> letter unless that is ' ', '-' or 'G' (so an untainted kernel gives "").
    /// </summary>
    public static string Letters(KernelProgram kernel)
    {
        if (kernel.FindVariable("taint_flags") is not KObject table || table.UnderlyingType is not ArrayType a)
            return "";
        ulong mask = Mask(kernel);
        int count = (int)Math.Min(a.Length ?? 0, 64);
        var letters = new System.Text.StringBuilder();
        for (int i = 0; i < count; i++)
        {
            KObject flag = table.Index(i);
            bool set = (mask & (1UL << i)) != 0;
            KObject c = set
                ? flag.HasMember("c_true") ? flag.Member("c_true") : flag.Member("true")
                : flag.HasMember("c_false") ? flag.Member("c_false") : flag.Member("false");
            char ch = (char)(byte)c.ToUInt64();
            if (set || (ch != ' ' && ch != '-' && ch != 'G'))
                letters.Append(ch);
        }
        return letters.ToString();
    }
}
