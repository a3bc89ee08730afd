using Crashdive.Commands.Lists;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Commands.Printing;

/// <summary>
/// <c>list -s</c> and <c>tree -s</c> entries printed as <c>struct</c> prints them, with gdb's formatting:
/// only the members asked for are read, members the dump does not hold get one line each, and an
/// entry whose address cannot be read at all gets crash's reader line under the command's name
/// (<paramref name="command"/>), so that a walk goes on.
/// </summary>
public sealed class GdbStructEntryPrinter(string command = "list") : IStructEntryPrinter
{
    /// <inheritdoc/>
    public void PrintStruct(CommandContext context, string typeName, ulong address, int radix)
    {
        KObject entry = Entry(context, typeName, address);
        string text;
        try
        {
            text = StructPrinter.FormatWhole(entry, typeName, Options(context, radix));
        }
        catch (Dumps.MemoryFaultException)
        {
            text = StructPrinter.WholeFault(context.Kernel, address, typeName, entry.UnderlyingType is StructType { Kind: TypeKind.Union }, command);
        }
        context.Out.Write(text);
    }

    /// <inheritdoc/>
    public void PrintMember(CommandContext context, string typeName, string member, ulong address, int radix) =>
        StructPrinter.WriteMembers(context.Out, Entry(context, typeName, address), [member], Options(context, radix), typeName, command);

    private static FormatOptions Options(CommandContext context, int radix) => SessionSettings.Of(context.Kernel).Format(radix);

    private static KObject Entry(CommandContext context, string typeName, ulong address)
    {
        CType type = context.Kernel.FindType(typeName)
            ?? throw new CommandException($"invalid data structure reference: {typeName}");
        return KObject.Reference(context.Kernel, type, address);
    }
}
