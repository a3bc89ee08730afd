using Crashdive.Commands;
using Crashdive.Kernel;

namespace Crashdive.Tests.Commands;

/// <summary>
/// Runs command lines against a kernel as the prompt does, capturing everything on one stream the way
/// crash prints it: the command's output, then a failure as <c>cmd: message</c>.
/// </summary>
public static class CommandRunner
{
    private static readonly Dictionary<string, ICommand> Commands =
        CommandRegistry.CreateAll().ToDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>The output of <paramref name="line"/> (words separated by spaces, as typed).</summary>
    public static string Run(KernelProgram kernel, string line)
    {
        string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var output = new StringWriter { NewLine = "\n" };
        if (!Commands.TryGetValue(words[0], out var command))
            throw new InvalidOperationException($"no command {words[0]}");
        try
        {
            command.Execute(new CommandContext(kernel, output), words[1..]);
        }
        catch (CommandException e)
        {
            output.Write($"{words[0]}: {e.Message}\n");
        }
        return output.ToString();
    }

    /// <summary>The output of <paramref name="line"/>, which must succeed (a failure fails the test with its message).</summary>
    public static string RunOk(KernelProgram kernel, string line)
    {
        string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var output = new StringWriter { NewLine = "\n" };
        try
        {
            Commands[words[0]].Execute(new CommandContext(kernel, output), words[1..]);
        }
        catch (CommandException e)
        {
            Assert.Fail($"`{line}` failed: {e.Message}\noutput so far:\n{output}");
        }
        return output.ToString();
    }
}
