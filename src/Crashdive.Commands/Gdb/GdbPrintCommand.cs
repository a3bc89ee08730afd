namespace Crashdive.Commands.Gdb;

/// <summary>gdb's <c>print[/F] EXPRESSION</c> (crash's <c>p</c> hands <c>p/F</c> to it): <c>$N = value</c>.</summary>
public sealed class GdbPrintCommand : ICommand
{
    /// <inheritdoc/>
    public string Name => "print";

    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "print",
        Summary = "print an expression's value, optionally in a format (gdb)",
        Synopsis = "[/f] expression",
        Description = """
            gdb's print, which crash's "p" also turns to when a format follows a slash (p/x): shows "$N = " and
            the value, recording it in the value history. With a format letter every scalar inside the value is
            shown in that format; char arrays are shown element by element in any format but s, and pointers in
            a format show no type and no string.

              x  hexadecimal            z  hexadecimal, zero-padded to the type's size
              d  signed decimal         u  unsigned decimal
              o  octal                  t  binary
              a  address and symbol     c  character (its code and the character)
              f  floating point         s  strings (as with no format)
            """,
        Arguments = [new("expression", "the value to print")],
        Examples =
        [
            new("p/x init_task.pid", "$1 = 0x0"),
            new("print/t 10", "$2 = 1010"),
            new("p/c init_task.comm[0]", "$3 = 115 's'"),
        ],
    };

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args) =>
        GdbCommand.Run(context, GdbCommand.LineOf(Name, args), () => GdbPrint.Run(context, Name, string.Join(' ', args), record: true));
}
