using Crashdive.Commands.Arguments;
using Crashdive.Commands.Printing;
using Crashdive.Kernel;
using Crashdive.Kernel.Expressions;
using Crashdive.Symbols;
using Crashdive.Symbols.Types;

namespace Crashdive.Commands.Data;

/// <summary><c>whatis</c>: the declaration of a struct, union, typedef, enum or symbol, or the type of an expression.</summary>
public sealed class WhatisCommand : ICommand
{
    /// <summary>crash's synopsis.</summary>
    public const string Synopsis = "[[-o] [struct | union | typedef | symbol]] | \n         [[-r [size|range]] [-m member]]";

    /// <inheritdoc/>
    public string Name => "whatis";

    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "whatis",
        Summary = "search symbol table for data or type information",
        Synopsis = Synopsis,
        Description = """
            Tells what a name is. For a struct, union or enum, or a typedef of one, prints its definition as the
            struct command would; for a typedef of a simple type, its one-line declaration; for a kernel
            variable or function, its declaration with its type. For any other expression, prints the type the
            expression has. Names of the selected frame (see "frame") are found before the kernel's.
            """,
        Options =
        [
            new("-o", null, "show each member's offset in the definition"),
            new("-r", "size|range", "search types by size: refused for now"),
            new("-m", "member", "search types by a member's type: refused for now"),
        ],
        Arguments =
        [
            new("struct | union | typedef | symbol", "the name to describe"),
        ],
        Examples =
        [
            new("whatis jiffies", "the declaration of jiffies"),
            new("whatis -o task_struct", "task_struct with its offsets"),
        ],
    };

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        KernelProgram kernel = context.Kernel;
        TextWriter output = context.Out;
        GetoptResult parsed = new Getopt(Spec.Getopt).Parse(args);
        if (parsed.Errors.Count > 0)
            throw new CommandException(string.Join("\nwhatis: ", parsed.Errors) + "\n" + CrashText.Usage(Name, Synopsis));
        bool offsets = false;
        foreach (GetoptOption o in parsed.Options)
        {
            if (o.Letter == 'o')
                offsets = true;
            else
                throw new CommandException($"-{o.Letter}: not supported yet");
        }
        var words = parsed.Words.ToList();
        if (words.Count == 0)
        {
            output.Write(CrashText.Usage(Name, Synopsis) + "\n");
            return;
        }
        string? keyword = null;
        if (words[0] is "struct" or "union" or "enum")
        {
            keyword = words[0];
            words.RemoveAt(0);
        }
        else if (!Backtrace.FrameNames.Holds(kernel, words[0]) && DataSymbols.Address(kernel, words[0]) != null)
        {
            output.Write((DataSymbols.Declaration(kernel, words[0]) ?? throw new CommandException($"gdb request failed: whatis {words[0]}")) + "\n");
            return;
        }
        if (words.Count == 0)
        {
            output.Write(CrashText.Usage(Name, Synopsis) + "\n");
            return;
        }
        string word = words[0];
        if (!Backtrace.FrameNames.Holds(kernel, word) && TryDataType(kernel, word, keyword, offsets, output))
            return;
        string rest = string.Join(' ', words);
        try
        {
            KObject value = new ExpressionEvaluator(kernel, ValueHistory.Of(kernel)) { LocalScope = Backtrace.FrameNames.Resolver(kernel, typesOnly: true) }.Evaluate(rest);
            output.Write(GdbTypeName.Format(value.Type) + "\n");
        }
        catch (Exception e) when (e is ExpressionException or KernelObjectException or Dumps.MemoryFaultException)
        {
            throw new CommandException($"cannot resolve: {string.Join(' ', parsed.Words)}\n" + CrashText.Usage(Name, Synopsis));
        }
    }

    private static bool TryDataType(KernelProgram kernel, string word, string? keyword, bool offsets, TextWriter output)
    {
        int dot = word.IndexOf('.');
        string typeName = dot < 0 ? word : word[..dot];
        string? member = dot < 0 ? null : word[(dot + 1)..];
        if (keyword != "enum" && member == null && kernel.Vmlinux?.FindEnumerator(word) is EnumeratorMatch em)
        {
            output.Write($"enum{(em.Type.Name != null ? " " + em.Type.Name : "")} = {em.Enumerator.Value}\n");
            return true;
        }
        if (keyword is null or "enum" && member == null)
        {
            CType? t = SafeFindType(kernel, "enum " + word);
            if (t is EnumType e)
            {
                output.Write(TypeDeclaration.EnumeratorList(e));
                return true;
            }
        }
        if (keyword == "enum")
            return false;
        StructType? s = keyword == null ? DataTypeArgument.FindAggregate(kernel, typeName) : SafeFindType(kernel, keyword + " " + typeName)?.Underlying() as StructType;
        if (s != null)
        {
            if (member != null && (member.Contains('.') || s.FindMember(member) == null))
                return false;
            string? typedefName = keyword == null ? DataTypeArgument.TypedefName(kernel, typeName) : null;
            output.Write(StructPrinter.OffsetLayout(s, member, null, 10, offsets || member != null, typedefName));
            return true;
        }
        if (keyword == null && member == null && SafeFindType(kernel, word) is TypedefType td)
        {
            CType target = td.Target;
            if (target.Underlying() is EnumType en)
            {
                output.Write(TypeDeclaration.EnumeratorList(en));
                return true;
            }
            output.Write("typedef " + GdbTypeName.Declaration(target.Underlying(), word) + ";\n");
            output.Write($"SIZE: {td.Size ?? 0}\n");
            return true;
        }
        return false;
    }

    private static CType? SafeFindType(KernelProgram kernel, string name)
    {
        try
        {
            return kernel.FindType(name);
        }
        catch (KernelObjectException)
        {
            return null;
        }
    }
}
