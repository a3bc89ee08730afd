using System.Text;
using Crashdive.Kernel;
using Crashdive.Kernel.Expressions;
using Crashdive.Symbols.Types;

namespace Crashdive.Commands.Gdb;

/// <summary>
/// gdb's <c>ptype</c> and <c>whatis</c> over a type name or an expression: a type name (with its
/// <c>struct</c>/<c>union</c>/<c>enum</c> keyword, a typedef, a C integer type, with <c>*</c>s) is the type
/// itself; anything else is evaluated and its value's type shown.
/// </summary>
public static class GdbTypes
{
    /// <summary>Runs ptype (<paramref name="ptype"/> true) or whatis over the text after the command name.</summary>
    public static void Run(CommandContext context, string command, string text, bool ptype)
    {
        text = text.Trim();
        bool offsets = false;
        if (text.StartsWith('/'))
        {
            int i = 1;
            bool seen = false;
            for (; i < text.Length && !char.IsWhiteSpace(text[i]); i++)
            {
                char f = text[i];
                if (f == 'o')
                    offsets = ptype;
                else if (f is not ('r' or 'm' or 'M' or 't' or 'T' or 'x' or 'd'))
                    throw new GdbException($"unrecognized flag '{f}'");
                seen = true;
            }
            if (i >= text.Length && !seen)
                throw new GdbException("flag expected");
            if (i >= text.Length)
                throw new GdbException("expected space after format");
            text = text[i..].Trim();
        }
        if (text.Length == 0)
        {
            // gdb: the type of the last value in the history
            KObject last;
            try
            {
                last = ValueHistory.Of(context.Kernel).Get(0);
            }
            catch (ExpressionException e)
            {
                throw new GdbException(e.Message);
            }
            Print(context.Out, last.Type, ptype ? 1 : -1, offsets);
            return;
        }
        CType type;
        if (TryTypeName(context.Kernel, text) is CType named)
        {
            type = named;
            // whatis of a type name takes off one typedef only
            if (!ptype && type is TypedefType td)
                type = td.Target;
        }
        else
            type = GdbValues.Evaluate(context.Kernel, text).Type;
        _ = command;
        Print(context.Out, type, ptype ? 1 : -1, offsets);
    }

    private static void Print(TextWriter output, CType type, int show, bool offsets)
    {
        var sb = new StringBuilder();
        if (offsets && IsDynamic(type, 0))
        {
            sb.Append("warning: ptype/o does not work with dynamic types; disabling '/o'\n");
            offsets = false;
        }
        if (offsets && type.Unqualified() is StructType)
            sb.Append("/* offset      |    size */  ");
        sb.Append("type = ");
        GdbTypePrinter.Declaration(sb, type, "", show, 0, offsets ? new GdbOffsetLayout() : null);
        sb.Append('\n');
        output.Write(sb.ToString());
    }

    /// <summary>gdb's dynamic type: one holding, not through a pointer, an array without a bound (a flexible array member).</summary>
    private static bool IsDynamic(CType type, int depth)
    {
        if (depth > 32)
            return false;
        switch (type.Underlying())
        {
            case ArrayType { Length: null }:
                return true;
            case ArrayType a:
                return IsDynamic(a.ElementType, depth + 1);
            case StructType s:
                foreach (Member m in s.Members)
                {
                    if (IsDynamic(m.Type, depth + 1))
                        return true;
                }
                return false;
            default:
                return false;
        }
    }

    /// <summary>The type <paramref name="text"/> names as gdb's C parser reads it, or null when it is an expression.</summary>
    public static CType? TryTypeName(KernelProgram kernel, string text)
    {
        TypeName? name = TypeName.Parse(text);
        if (name == null || name.Name.Length == 0 || !IsTypeSpelling(name.Name))
            return null;
        if (name.Keyword == null)
        {
            // a bare word is a type only as a typedef or a C base type, and a variable of that name wins
            if (name.CanonicalIntegerName() == null && name.Name is not ("void" or "_Bool" or "float" or "double"))
            {
                if (kernel.FindVariable(name.Name) != null || kernel.FindFunction(name.Name) != null)
                    return null;
                if (kernel.FindType(name.Name) is not (TypedefType or BaseType))
                    return null;
            }
        }
        try
        {
            return new ExpressionEvaluator(kernel).ResolveType(text);
        }
        catch (ExpressionException e)
        {
            if (name.Keyword != null)
                throw new GdbException(e.Message);
            return null;
        }
    }

    private static bool IsTypeSpelling(string name)
    {
        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or ' '))
                return false;
        }
        return true;
    }
}
