using System.Text.RegularExpressions;
using Crashdive.Symbols.Types;

namespace Crashdive.Kernel.Expressions;

/// <summary>
/// Type spellings as gdb prints them: the C spelling, with GCC's integer names put in gdb's
/// canonical order (<c>long unsigned int</c> → <c>unsigned long</c>, <c>short int</c> → <c>short</c>),
/// as gdb's <c>print_name_maybe_canonical</c> does.
/// </summary>
public static partial class GdbTypeName
{
    /// <summary>The spelling of <paramref name="type"/>.</summary>
    public static string Format(CType type) => Canonical(TypeNameFormatter.Format(type));

    /// <summary>The declaration of <paramref name="name"/> with <paramref name="type"/>.</summary>
    public static string Declaration(CType type, string name) => Canonical(TypeNameFormatter.Declaration(type, name));

    /// <summary>GCC integer names in <paramref name="text"/> rewritten to gdb's.</summary>
    public static string Canonical(string text)
    {
        if (!text.Contains("int", StringComparison.Ordinal))
            return text;
        return IntegerNames().Replace(text, m => m.Value switch
        {
            "long long unsigned int" => "unsigned long long",
            "long long int" => "long long",
            "long unsigned int" => "unsigned long",
            "short unsigned int" => "unsigned short",
            "long int" => "long",
            "short int" => "short",
            _ => m.Value,
        });
    }

    [GeneratedRegex(@"\b(long long unsigned int|long long int|long unsigned int|short unsigned int|long int|short int)\b")]
    private static partial Regex IntegerNames();
}
