using Crashdive.Commands.Lists;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Commands.Printing;

/// <summary><c>list -s</c> and <c>tree -s</c> entries printed as <c>struct</c> prints them, with gdb's formatting.</summary>
public sealed class GdbStructEntryPrinter : IStructEntryPrinter
{
    /// <inheritdoc/>
    public void PrintStruct(CommandContext context, string typeName, ulong address, int radix) =>
        context.Out.Write(StructPrinter.FormatWhole(Entry(context, typeName, address), typeName, Options(context, radix)));

    /// <inheritdoc/>
    public void PrintMember(CommandContext context, string typeName, string member, ulong address, int radix) =>
        context.Out.Write(StructPrinter.FormatMembers(Entry(context, typeName, address), [member], Options(context, radix), typeName));

    private static FormatOptions Options(CommandContext context, int radix) => SessionSettings.Of(context.Kernel).Format(radix);

    private static KObject Entry(CommandContext context, string typeName, ulong address)
    {
        CType type = context.Kernel.FindType(typeName)
            ?? throw new CommandException($"invalid data structure reference: {typeName}");
        return KObject.Reference(context.Kernel, type, address);
    }
}
