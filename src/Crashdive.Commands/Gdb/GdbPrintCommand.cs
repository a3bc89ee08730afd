namespace Crashdive.Commands.Gdb;

/// <summary>gdb's <c>print[/F] EXPRESSION</c> (crash's <c>p</c> hands <c>p/F</c> to it): <c>$N = value</c>.</summary>
public sealed class GdbPrintCommand : ICommand
{
    /// <inheritdoc/>
    public string Name => "print";

    /// <inheritdoc/>
    public string Summary => "print an expression's value, optionally in a format (gdb)";

    /// <inheritdoc/>
    public string Help => """
        NAME
          print - print an expression's value, optionally in a format (gdb)

        SYNOPSIS
          print[/f] expression

        DESCRIPTION
          gdb's print, which crash's "p" also turns to when a format follows a slash
          (p/x): shows "$N = " and the value, recording it in the value history.  With a
          format letter every scalar inside the value is shown in that format:

            x  hexadecimal            z  hexadecimal, zero-padded to the type's size
            d  signed decimal         u  unsigned decimal
            o  octal                  t  binary
            a  address and symbol     c  character (its code and the character)
            f  floating point         s  strings as strings (otherwise as without a format)

          Char arrays are shown element by element in any format but s; pointers in a
          format show no type and no string.

        EXAMPLES
            crash> p/x init_task.pid
            $1 = 0x0
            crash> print/t 10
            $2 = 1010
            crash> p/c init_task.comm[0]
            $3 = 115 's'
        """;

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args) =>
        GdbCommand.Run(context, GdbCommand.LineOf(Name, args), () => GdbPrint.Run(context, Name, string.Join(' ', args), record: true));
}
