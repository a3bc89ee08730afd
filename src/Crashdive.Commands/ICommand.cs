namespace Crashdive.Commands;

/// <summary>One crash command: its name, its declaration (synopsis, options, help, kept with it), and how it runs.</summary>
public interface ICommand
{
    /// <summary>The name typed at the prompt (the same as <see cref="CommandSpec.Name"/>).</summary>
    string Name { get; }

    /// <summary>The command's declaration: <c>help CMD</c>, its usage line, its getopt string, the man page and completion come from it.</summary>
    CommandSpec Spec { get; }

    /// <summary>Runs the command with its arguments (the words after the name).</summary>
    void Execute(CommandContext context, IReadOnlyList<string> args);
}
