namespace Crashdive.Kernel;

/// <summary>Symbol names as crash stores them.</summary>
public static class SymbolNames
{
    private static readonly string[] CloneSuffixes = [".isra.", ".part.", ".llvm."];

    /// <summary>
    /// crash's <c>strip_symbol_end</c>: the name cut at the first of gcc's and clang's clone suffixes <c>.isra.</c>,
    /// <c>.part.</c>, <c>.llvm.</c> it contains, tried in that order (<c>f.part.0.isra.0</c> becomes <c>f.part.0</c>);
    /// <c>.cold</c> and <c>.constprop.N</c> stay. crash names vmlinux and module symbols this way everywhere.
    /// </summary>
    public static string StripCloneSuffix(string name)
    {
        foreach (string suffix in CloneSuffixes)
        {
            int at = name.IndexOf(suffix, StringComparison.Ordinal);
            if (at > 0)
                return name[..at];
        }
        return name;
    }
}
