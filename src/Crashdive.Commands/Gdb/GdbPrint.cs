using Crashdive.Commands.Printing;
using Crashdive.Dumps;
using Crashdive.Kernel;
using Crashdive.Kernel.Expressions;

namespace Crashdive.Commands.Gdb;

/// <summary>
/// gdb's <c>print[/F] EXPR</c> and <c>output[/F] EXPR</c>: the value in its natural form or in format F
/// (<c>x z d u o t a c f s</c>), print recording it in the value history as <c>$N = </c>, output printing it
/// bare, without a newline.
/// </summary>
public static class GdbPrint
{
    /// <summary>Runs print (<paramref name="record"/> true) or output over the text after the command name.</summary>
    public static void Run(CommandContext context, string command, string text, bool record)
    {
        KernelProgram kernel = context.Kernel;
        text = text.Trim();
        char letter = '\0';
        if (text.StartsWith('/'))
        {
            (GdbFormat f, string rest) = GdbFormat.Parse(text[1..], '\0', '\0');
            if (f.SizeGiven)
                throw new GdbException($"Size letters are meaningless in \"{command}\" command.");
            if (f.Count != 1)
                throw new GdbException($"Item count other than 1 is meaningless in \"{command}\" command.");
            if (f.Letter == 'i')
                throw new GdbException($"Format letter \"i\" is meaningless in \"{command}\" command.");
            letter = f.Letter;
            text = rest;
            if (letter != '\0' && !GdbScalar.IsKnown(letter))
                throw new GdbException($"Undefined output format \"{letter}\".");
        }
        var history = ValueHistory.Of(kernel);
        KObject value;
        if (text.Length == 0)
        {
            if (!record)
                throw new GdbException("Argument required (expression to compute).");
            // gdb's print without an expression shows the last value again
            value = GdbValueOrThrow(() => history.Get(0));
        }
        else
            value = GdbValues.Evaluate(kernel, text);
        FormatOptions options = SessionSettings.Of(kernel).Format() with { Letter = letter };
        if (options.Formatted && value.UnderlyingType is Crashdive.Symbols.Types.FunctionType)
        {
            // gdb numbers the value, then fails to format a function's code as a scalar
            if (record)
                context.Out.Write($"${history.Add(value)} = ");
            throw new GdbException("Value can't be converted to integer.");
        }
        string shown;
        try
        {
            shown = ValueFormatter.FormatTopLevel(value, options);
        }
        catch (MemoryFaultException e)
        {
            throw new GdbException($"Cannot access memory at address 0x{e.Address:x}");
        }
        catch (KernelObjectException e)
        {
            throw new GdbException(e.Message);
        }
        if (!record)
        {
            context.Out.Write(shown);
            return;
        }
        int n = history.Add(value);
        context.Out.Write($"${n} = {shown}\n");
    }

    private static KObject GdbValueOrThrow(Func<KObject> get)
    {
        try
        {
            return get();
        }
        catch (ExpressionException e)
        {
            throw new GdbException(e.Message);
        }
    }
}
