namespace Crashdive.Commands;

/// <summary>One crash command: its name, its help text (kept with it), and how it runs.</summary>
public interface ICommand
{
    /// <summary>The name typed at the prompt.</summary>
    string Name { get; }

    /// <summary>One line for the command list.</summary>
    string Summary { get; }

    /// <summary>The full help text: synopsis, options, examples.</summary>
    string Help { get; }

    /// <summary>Runs the command with its arguments (the words after the name).</summary>
    void Execute(CommandContext context, IReadOnlyList<string> args);
}
