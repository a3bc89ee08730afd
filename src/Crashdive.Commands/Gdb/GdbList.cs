using System.Text;
using Crashdive.Commands.Code;
using Crashdive.Helpers.Code;
using Crashdive.Kernel;

namespace Crashdive.Commands.Gdb;

/// <summary>
/// gdb's <c>list FUNCTION</c> and <c>list *ADDRESS</c> (crash's own <c>list</c> walks linked lists, so gdb's is reached
/// as <c>gdb list</c>): ten lines centred on the line, <c>*ADDRESS</c> first saying where the address is; without
/// the source tree (<c>CRASHDIVE_SOURCE</c>), gdb's warning naming the first line and the file.
/// </summary>
public static class GdbList
{
    /// <summary>Runs list over the text after the command name.</summary>
    public static void Run(CommandContext context, string text)
    {
        KernelProgram kernel = context.Kernel;
        text = text.Trim();
        if (text.Length == 0)
            throw new GdbException("No default source file.");
        bool star = text.StartsWith('*');
        ulong address;
        if (star)
            address = GdbValues.AsAddress(GdbValues.Evaluate(kernel, text[1..]));
        else if (kernel.FindFunction(text) is var (_, entry) && entry is ulong at)
            address = at;
        else
            throw new GdbException($"Function \"{text}\" not defined.");
        if (KernelCode.SourceLine(kernel, address) is not { } location)
            throw new GdbException($"No line number information available for address 0x{address:x}");
        string file = GdbSource.DisplayName(location.File);
        var sb = new StringBuilder();
        if (star)
        {
            string function = KernelCode.DwarfFunction(kernel, address) is var (name, _) ? name : "??";
            sb.Append($"0x{address:x} is in {function} ({file}:{location.Line}).\n");
        }
        int first = Math.Max(1, location.Line - 5);
        string? path = SourceListing.Find(KernelCode.RelativeSourcePath(location.File), location.File, null);
        if (path == null)
        {
            sb.Append(GdbState.Of(kernel).MissingSource(file, first));
            context.Out.Write(sb.ToString());
            return;
        }
        GdbState.Of(kernel).LastMissingSource = null;
        string[] lines = File.ReadAllLines(path);
        for (int line = first; line < first + 10 && line <= lines.Length; line++)
            sb.Append(line).Append('\t').Append(lines[line - 1]).Append('\n');
        context.Out.Write(sb.ToString());
    }
}
