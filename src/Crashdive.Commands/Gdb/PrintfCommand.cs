namespace Crashdive.Commands.Gdb;

/// <summary>gdb's <c>printf "FORMAT", ARGUMENTS</c>.</summary>
public sealed class PrintfCommand : ICommand
{
    /// <inheritdoc/>
    public string Name => "printf";

    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "printf",
        Summary = "print values through a C format string (gdb)",
        Synopsis = "\"format\", expression, ...",
        Description = """
            gdb's printf: the quoted format string is printed with each conversion replaced by the next
            expression's value, as C's printf does: %d %i %u %x %X %o (with the length modifiers hh h l ll z),
            %c, %s (the string a pointer points to, or a char array holds), %p, %e %f %g, and %% for a percent
            sign; flags, widths and precisions as in C. Backslash escapes work in the format. Nothing is added:
            end the format with \n for a newline.
            """,
        Arguments = [new("format", "a quoted C format string"), new("expression", "one value per conversion")],
        Examples = [new("printf \"%s has pid %d\\n\", init_task.comm, init_task.pid", "swapper/0 has pid 0")],
    };

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args) =>
        GdbCommand.Run(context, GdbCommand.LineOf(Name, args), () => GdbPrintf.Run(context, args));
}
