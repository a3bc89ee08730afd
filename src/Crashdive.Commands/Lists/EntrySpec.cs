using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Commands.Lists;

/// <summary>
/// One <c>-s</c>/<c>-S</c> argument of <c>list</c> and <c>tree</c>: <c>struct</c> or <c>struct.member[,member...]</c>,
/// and how each entry is printed with it.
/// </summary>
public sealed class EntrySpec
{
    private EntrySpec(string text, string typeName, IReadOnlyList<string> members)
    {
        Text = text;
        TypeName = typeName;
        Members = members;
    }

    /// <summary>The argument as typed.</summary>
    public string Text { get; }

    /// <summary>The structure's name as typed (<c>task_struct</c>).</summary>
    public string TypeName { get; }

    /// <summary>The members, empty for the whole structure.</summary>
    public IReadOnlyList<string> Members { get; }

    /// <summary>Splits <paramref name="text"/> at its first '.', then the members at ','.</summary>
    public static EntrySpec Parse(string text)
    {
        int dot = text.IndexOf('.');
        if (dot < 0)
            return new EntrySpec(text, text, []);
        string[] members = text[(dot + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new EntrySpec(text, text[..dot], members);
    }

    /// <summary>
    /// Prints the entry at <paramref name="address"/>: the whole structure or each member through
    /// <paramref name="printer"/> (<c>-s</c>), or, with <paramref name="readDirectly"/> (<c>-S</c>), members of up
    /// to 8 bytes and strings read from memory as crash's <c>dump_struct_members_fast</c> prints them.
    /// </summary>
    public void Print(CommandContext context, IStructEntryPrinter printer, ulong address, int radix, bool readDirectly)
    {
        if (Members.Count == 0)
        {
            printer.PrintStruct(context, TypeName, address, radix);
            return;
        }
        foreach (string member in Members)
        {
            if (!readDirectly)
            {
                printer.PrintMember(context, TypeName, member, address, radix);
                continue;
            }
            PrintFast(context, printer, member, address, radix);
        }
    }

    /// <summary>The structure type named by <paramref name="name"/>: <c>struct name</c>, <c>union name</c> or a typedef.</summary>
    public static CType? FindStructType(KernelProgram kernel, string name)
    {
        if (name.StartsWith("struct ", StringComparison.Ordinal) || name.StartsWith("union ", StringComparison.Ordinal))
            return kernel.FindType(name);
        return kernel.FindType("struct " + name) ?? kernel.FindType("union " + name) ?? kernel.FindType(name);
    }

    /// <summary>
    /// crash's <c>arg_to_datatype</c> for <c>struct.member</c>: the member's offset, or null when
    /// <paramref name="text"/> has no '.' or does not name a member of a known structure.
    /// </summary>
    public static ulong? MemberOffset(KernelProgram kernel, string text)
    {
        int dot = text.IndexOf('.');
        if (dot <= 0 || dot == text.Length - 1)
            return null;
        if (FindStructType(kernel, text[..dot])?.Underlying() is not StructType s)
            return null;
        return s.FindMemberPath(text[(dot + 1)..])?.Offset;
    }

    private void PrintFast(CommandContext context, IStructEntryPrinter printer, string member, ulong address, int radix)
    {
        KernelProgram kernel = context.Kernel;
        if (FindStructType(kernel, TypeName)?.Underlying() is not StructType s || s.FindMemberPath(member) is not MemberLookup m)
            throw new CommandException($"Can't get offset of '{TypeName}.{member}'");
        CType type = m.Type.Underlying();
        ulong width = type.Size ?? 0;
        bool isPointer = type is PointerType;
        bool isString = IsCharType(type is PointerType p ? p.Target : type is ArrayType a ? a.ElementType : null);
        if (width == 0 || (width > 8 && !isString))
        {
            printer.PrintMember(context, TypeName, member, address, radix);
            return;
        }
        KObject field = KObject.Reference(kernel, m.Type, address + m.Offset);
        var output = context.Out;
        if (width <= 8)
        {
            ulong v;
            try
            {
                v = field.ToUInt64();
            }
            catch (Dumps.MemoryFaultException)
            {
                output.Write($"list: cannot access member: {member} at {address + m.Offset:x}\n");
                return;
            }
            ulong masked = width == 8 ? v : v & ((1UL << (int)(width * 8)) - 1);
            bool hex = isPointer || radix == 16;
            output.Write(hex ? $"  {member} = 0x{masked:x}" : $"  {member} = {masked}");
            if (isString && isPointer)
                output.Write($"  \"{kernel.Memory.TryReadCString(v, 1500) ?? ""}\"");
            else if (!isString && kernel.ResolveAddress(v) is { Offset: 0 } hit && IsTextSymbol(kernel, hit.Name))
                output.Write($" <{hit.Name}>");
        }
        else
        {
            output.Write($"  {member} = \"{field.ReadString((int)width)}\"");
        }
        output.Write('\n');
    }

    private static bool IsTextSymbol(KernelProgram kernel, string name)
    {
        char? t = kernel.ModuleSymbols.Find(name)?.Type;
        if (t == null)
        {
            try
            {
                t = kernel.Kallsyms.TypeOf(name);
            }
            catch (KallsymsException)
            {
            }
        }
        return t is 't' or 'T' or 'w' or 'W';
    }

    private static bool IsCharType(CType? t) =>
        t?.Underlying() is BaseType b && b.Size == 1 && (b.Name?.Contains("char", StringComparison.Ordinal) ?? false);
}
