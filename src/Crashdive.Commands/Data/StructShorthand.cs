using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Commands.Data;

/// <summary>
/// crash's struct-name shorthand: a struct or union name typed where a command name goes runs
/// <c>struct</c> or <c>union</c> on it, with the rest of the line as its arguments
/// (<c>sk_buff ADDR -x</c> is <c>struct sk_buff ADDR -x</c>, <c>net_device.name -o</c> is
/// <c>struct net_device.name -o</c>). Command names win over type names: callers ask only about a
/// word that names no command.
/// </summary>
public static class StructShorthand
{
    /// <summary>
    /// The words to run instead of <paramref name="words"/>: <c>struct</c> or <c>union</c> (after the
    /// kind of the type <paramref name="words"/>[0] names up to its first '.') followed by every word
    /// as typed; null when the first word names no struct or union (nor a typedef of one).
    /// </summary>
    public static IReadOnlyList<string>? Rewrite(KernelProgram kernel, IReadOnlyList<string> words)
    {
        if (words.Count == 0 || CommandFor(kernel, words[0]) is not string command)
            return null;
        var result = new List<string>(words.Count + 1) { command };
        for (int i = 0; i < words.Count; i++)
            result.Add(words[i]);
        return result;
    }

    /// <summary>
    /// <c>struct</c> or <c>union</c> when <paramref name="word"/> (up to its first '.') names a struct or
    /// union, or a typedef of one; null for anything else, without looking types up for words that
    /// cannot be C identifiers.
    /// </summary>
    public static string? CommandFor(KernelProgram kernel, string word)
    {
        int dot = word.IndexOf('.');
        string name = dot < 0 ? word : word[..dot];
        if (!IsIdentifier(name))
            return null;
        return DataTypeArgument.FindAggregate(kernel, name) is StructType s
            ? s.Kind == TypeKind.Union ? "union" : "struct"
            : null;
    }

    private static bool IsIdentifier(string s)
    {
        if (s.Length == 0 || !(char.IsAsciiLetter(s[0]) || s[0] == '_'))
            return false;
        foreach (char c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
                return false;
        }
        return true;
    }
}
