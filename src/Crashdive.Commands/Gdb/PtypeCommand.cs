namespace Crashdive.Commands.Gdb;

/// <summary>gdb's <c>ptype[/o] TYPE | EXPRESSION</c>: a type, or the type of an expression, in full.</summary>
public sealed class PtypeCommand : ICommand
{
    /// <inheritdoc/>
    public string Name => "ptype";

    /// <inheritdoc/>
    public string Summary => "show a type or an expression's type in full (gdb)";

    /// <inheritdoc/>
    public string Help => """
        NAME
          ptype - show a type or an expression's type in full (gdb)

        SYNOPSIS
          ptype [/o] type | expression

        DESCRIPTION
          gdb's ptype: shows a type by name (struct task_struct, a typedef such as
          pid_t, unsigned long, with any number of *), or the type of an expression,
          with typedefs looked through and the struct, union or enum at its root written
          out member by member; members of named struct types are named, anonymous ones
          written out in place.  Function and function-pointer types show their
          parameters, arrays their bounds, enums their constants (with "= value" where
          a constant does not follow on from the one before).

            /o  also show each member's offset and size, the holes between members and
                the padding at the end, and write out nested structs and unions.

        EXAMPLES
            crash> ptype struct list_head
            type = struct list_head {
                struct list_head *next;
                struct list_head *prev;
            }
            crash> ptype/o struct list_head
            crash> ptype init_task.sched_class
            crash> ptype jiffies
            type = volatile unsigned long
        """;

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args) =>
        GdbCommand.Run(context, GdbCommand.LineOf(Name, args), () => GdbTypes.Run(context, Name, string.Join(' ', args), ptype: true));
}
