using System.Text;
using Crashdive.Commands.Printing;
using Crashdive.Helpers.Code;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Commands.Gdb;

// info symbol, info address, info line: symbols and source lines by gdb's rules.
public sealed partial class InfoCommand
{
    private static void Symbol(CommandContext context, string text)
    {
        if (text.Length == 0)
            throw new GdbException("Argument required (address).");
        ulong address = GdbValues.AsAddress(GdbValues.Evaluate(context.Kernel, text));
        if (SymbolAnnotator.Of(context.Kernel).Lookup(address) is var (name, offset, section))
        {
            context.Out.Write(offset == 0 ? $"{name} in section {section}\n" : $"{name} + {offset} in section {section}\n");
            return;
        }
        context.Out.Write($"No symbol matches {text}.\n");
    }

    private static void Address(CommandContext context, string text)
    {
        if (text.Length == 0)
            throw new GdbException("Argument required.");
        KernelProgram kernel = context.Kernel;
        if (Backtrace.FrameNames.Holds(kernel, text))
        {
            context.Out.Write($"Symbol \"{text}\" is a variable in the selected frame.\n");
            return;
        }
        if (kernel.FindFunction(text) is var (function, entry) && entry is ulong at)
        {
            context.Out.Write($"Symbol \"{function.Name}\" is a function at address 0x{at:x}.\n");
            return;
        }
        if (kernel.FindVariable(text) is KObject variable)
        {
            context.Out.Write($"Symbol \"{text}\" is static storage at address 0x{variable.Address:x}.\n");
            return;
        }
        if (kernel.Vmlinux?.FindEnumerator(text) != null)
        {
            context.Out.Write($"Symbol \"{text}\" is constant.\n");
            return;
        }
        if (kernel.FindType(text) is TypedefType)
        {
            context.Out.Write($"Symbol \"{text}\" is a typedef.\n");
            return;
        }
        if (kernel.Vmlinux is { } vmlinux && vmlinux.Symbols.TryFind(text, out var elf))
        {
            context.Out.Write($"Symbol \"{text}\" is at 0x{kernel.RelocateVmlinux(elf.Address):x} in a file compiled without debugging.\n");
            return;
        }
        throw new GdbException($"No symbol \"{text}\" in current context.");
    }

    private static void Line(CommandContext context, string text)
    {
        KernelProgram kernel = context.Kernel;
        if (text.Length == 0)
            throw new GdbException("Argument required (line specification).");
        ulong address;
        if (text.StartsWith('*'))
            address = GdbValues.AsAddress(GdbValues.Evaluate(kernel, text[1..]));
        else if (kernel.FindFunction(text) is var (_, entry) && entry is ulong at)
            address = at;
        else
            throw new GdbException($"Function \"{text}\" not defined.");
        GdbSymbols symbols = GdbSymbols.Of(kernel);
        var sb = new StringBuilder();
        if (KernelCode.SourceLineRange(kernel, address) is not var (location, start, end))
        {
            sb.Append("No line number information available for address ");
            ExamineCommand.AppendAddress(sb, address, symbols);
            context.Out.Write(sb.Append('\n').ToString());
            return;
        }
        sb.Append($"Line {location.Line} of \"{GdbSource.DisplayName(location.File)}\"");
        if (start == end || end == 0)
        {
            sb.Append(" is at address ");
            ExamineCommand.AppendAddress(sb, start, symbols);
            sb.Append(" but contains no code.\n");
        }
        else
        {
            sb.Append(" starts at address ");
            ExamineCommand.AppendAddress(sb, start, symbols);
            sb.Append(" and ends at ");
            ExamineCommand.AppendAddress(sb, end, symbols);
            sb.Append(".\n");
        }
        context.Out.Write(sb.ToString());
    }
}
