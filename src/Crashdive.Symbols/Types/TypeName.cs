namespace Crashdive.Symbols.Types;

/// <summary>
/// A type name as a user types it (<c>struct task_struct *</c>, <c>unsigned long</c>, <c>const char *</c>),
/// split into keyword, name, leading qualifiers and pointer depth.
/// </summary>
public sealed record TypeName(string? Keyword, string Name, Qualifiers Qualifiers, int PointerDepth)
{
    private static readonly HashSet<string> IntegerWords = new(StringComparer.Ordinal) { "signed", "unsigned", "short", "long", "int", "char" };

    /// <summary>Parses <paramref name="text"/>; null when it names nothing (empty, or only a keyword).</summary>
    public static TypeName? Parse(string text)
    {
        string s = text.Trim();
        int stars = 0;
        while (s.EndsWith('*'))
        {
            stars++;
            s = s[..^1].TrimEnd();
        }
        var words = new List<string>(s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        Qualifiers q = Qualifiers.None;
        while (words.Count > 0 && words[0] is "const" or "volatile")
        {
            q |= words[0] == "const" ? Qualifiers.Const : Qualifiers.Volatile;
            words.RemoveAt(0);
        }
        string? keyword = null;
        if (words.Count > 0 && words[0] is "struct" or "union" or "enum" or "class")
        {
            keyword = words[0];
            words.RemoveAt(0);
        }
        if (words.Count == 0)
            return null;
        return new TypeName(keyword, string.Join(' ', words), q, stars);
    }

    /// <summary>
    /// GCC's DWARF spelling of a C integer type written another way (<c>unsigned long</c> →
    /// <c>long unsigned int</c>), or null when <see cref="Name"/> is not such a spelling.
    /// </summary>
    public string? CanonicalIntegerName()
    {
        string[] words = Name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int longs = 0, shorts = 0;
        bool isUnsigned = false, isSigned = false, isChar = false;
        foreach (string w in words)
        {
            if (!IntegerWords.Contains(w))
                return null;
            switch (w)
            {
                case "long": longs++; break;
                case "short": shorts++; break;
                case "unsigned": isUnsigned = true; break;
                case "signed": isSigned = true; break;
                case "char": isChar = true; break;
            }
        }
        if (isChar)
            return isUnsigned ? "unsigned char" : isSigned ? "signed char" : "char";
        if (shorts > 0)
            return isUnsigned ? "short unsigned int" : "short int";
        return longs switch
        {
            0 => isUnsigned ? "unsigned int" : "int",
            1 => isUnsigned ? "long unsigned int" : "long int",
            _ => isUnsigned ? "long long unsigned int" : "long long int",
        };
    }
}
