namespace Crashdive.Commands;

/// <summary>
/// The prompt's own way of running one command line, offered to scripts so that a script's
/// <c>crash.exec_command</c> goes through exactly the dispatch a typed line does (aliases,
/// <c>| pipeline</c>, <c>&gt; file</c>, <c>!shell</c>), with its output captured.
/// </summary>
public interface ICommandLineRunner
{
    /// <summary>
    /// Runs <paramref name="line"/> as typed at the prompt, writing to <paramref name="output"/> what
    /// the prompt would print on standard output. A failure is a <see cref="CommandLineFailedException"/>
    /// whose message is what the prompt would print for it (<c>sym: invalid address: foo</c>).
    /// </summary>
    void RunLine(string line, TextWriter output, CancellationToken cancellation);
}
